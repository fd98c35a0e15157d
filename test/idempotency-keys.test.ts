// Generated from the composed schema: every state-changing Mutation field takes
// an idempotencyKey (an argument, or a field of its input), except the ones
// below, and every key is honoured: either the resolver runs under the shared
// guard (keyedMutation, whose payload shape must cover the payload type), or
// the service keys the mutation itself. See README, Idempotency.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  buildASTSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import type { PayloadShape } from "@benefits-hub/platform/idempotency";
import { resolvers as catalog } from "../subgraphs/catalog/src/resolvers";
import { resolvers as membership } from "../subgraphs/membership/src/resolvers";
import { resolvers as entitlements } from "../subgraphs/entitlements/src/resolvers";

/** Mutations that take no idempotency key, and why. */
export const NOT_KEYED: Record<string, string> = {
  login: "a credential operation: each attempt is checked and limited on its own",
  refreshSession: "a credential operation: a refresh token is single use, rotation is its own guard",
  logout: "a credential operation: ending a session again changes nothing",
  issueLiveTicket: "a credential operation: a short-lived websocket ticket, a new one each time",
  revealCardCode:
    "a recorded read of a secret: answering it again must show the code, which is never kept outside the sealed pool (members use revealEntitlement, which is keyed)",
};

/** Mutations whose services key themselves (the key reaches the service in the input; the same semantics). */
export const SELF_KEYED = new Set([
  "grantCampaign",
  "claimCampaign",
  "revokeEntitlement",
  "redeemCode",
  "acceptEntitlement",
  "redeemEntitlement",
  "transferEntitlement",
  "revealEntitlement",
  "topupEntitlement",
  "choosePackOptions",
  "fundBudget",
  "allocateBudget",
  "reserveBudget",
]);

const supergraph = readFileSync(fileURLToPath(new URL("../schema/supergraph.graphql", import.meta.url)), "utf8");
const schema: GraphQLSchema = buildASTSchema(parse(supergraph), { assumeValidSDL: true });
const mutations = Object.values(schema.getMutationType()!.getFields());
const resolverMaps = [catalog, membership, entitlements] as unknown as { Mutation?: Record<string, unknown> }[];
const resolverOf = (name: string) =>
  resolverMaps.map((r) => r.Mutation?.[name]).find(Boolean) as { idempotency?: PayloadShape } | undefined;

function takesKey(field: GraphQLField<unknown, unknown>): boolean {
  const isString = (t: GraphQLInputType) =>
    getNamedType(t).name === "String" && !isListType(isNonNullType(t) ? t.ofType : t);
  if (field.args.some((a) => a.name === "idempotencyKey" && isString(a.type))) return true;
  const input = field.args.find((a) => a.name === "input");
  const type = input && getNamedType(input.type);
  return (
    !!type &&
    isInputObjectType(type) &&
    !!type.getFields().idempotencyKey &&
    isString(type.getFields().idempotencyKey!.type)
  );
}

test("the composed schema has mutations, and the lists name only real ones", () => {
  expect(mutations.length).toBeGreaterThan(50);
  const names = new Set(mutations.map((m) => m.name));
  expect([...Object.keys(NOT_KEYED), ...SELF_KEYED].filter((n) => !names.has(n))).toEqual([]);
});

test("every state-changing mutation takes an idempotencyKey", () => {
  const missing = mutations.filter((m) => !NOT_KEYED[m.name] && !takesKey(m)).map((m) => m.name);
  expect(missing).toEqual([]);
  const keyedAnyway = mutations.filter((m) => NOT_KEYED[m.name] && takesKey(m)).map((m) => m.name);
  expect(keyedAnyway).toEqual([]);
});

test("every key is honoured: by the shared guard at the resolver, or by the service", () => {
  const unhonoured = mutations
    .filter((m) => takesKey(m) && !SELF_KEYED.has(m.name) && !resolverOf(m.name)?.idempotency)
    .map((m) => m.name);
  expect(unhonoured).toEqual([]);
  const twice = [...SELF_KEYED].filter((n) => resolverOf(n)?.idempotency);
  expect(twice).toEqual([]);
});

test("each keyed payload's shape covers its type, and its errors can say IDEMPOTENCY_CONFLICT and IN_PROGRESS", () => {
  const problems: string[] = [];
  for (const m of mutations) {
    const payload = getNamedType(m.type) as GraphQLObjectType;
    if (!takesKey(m) || !isObjectType(payload)) continue;
    const errors = payload.getFields().errors;
    const errorType = errors && (getNamedType(errors.type) as GraphQLObjectType);
    const code = errorType && isObjectType(errorType) ? getNamedType(errorType.getFields().code!.type) : null;
    const codes = code && isEnumType(code) ? code.getValues().map((v) => v.name) : [];
    for (const c of ["IDEMPOTENCY_CONFLICT", "IN_PROGRESS"]) {
      if (!codes.includes(c)) problems.push(`${m.name}: ${code?.name ?? "no error code"} lacks ${c}`);
    }
    const shape = resolverOf(m.name)?.idempotency;
    if (!shape) continue;
    const input = m.args.find((a) => a.name === "input");
    const inputType = input && getNamedType(input.type);
    for (const name of inputType && isInputObjectType(inputType) ? Object.keys(inputType.getFields()) : []) {
      if (/password|secret/i.test(name) && !shape.secretInput?.includes(name))
        problems.push(`${m.name}: input ${name} would be fingerprinted (list it in secretInput)`);
    }
    for (const field of Object.values(payload.getFields())) {
      if (field.name === "errors") continue;
      const ref = shape.refs?.[field.name];
      if (ref && ref !== getNamedType(field.type).name)
        problems.push(`${m.name}.${field.name}: shape says ${ref}, schema says ${getNamedType(field.type).name}`);
      const covered = ref || shape.values?.includes(field.name) || shape.secret?.includes(field.name);
      if (!covered) problems.push(`${m.name}.${field.name}: not in the payload shape (refs, values or secret)`);
      if (isNonNullType(field.type) && !(shape.refusal && field.name in shape.refusal))
        problems.push(`${m.name}.${field.name}: non-null, but a refusal gives no value`);
    }
  }
  expect(problems).toEqual([]);
});
