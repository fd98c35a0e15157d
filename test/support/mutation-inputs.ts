// Mutations whose inputs name rows by id, generated from the schema's input
// types: every ID-typed field (at any depth, required or not) is found with
// the kind of row it names, and an input is built in which each such field
// takes an id chosen by the caller, every other field a plausible value. The
// cross-tenant suite sends it once with the caller's own ids (a control: the
// input would be accepted) and once per ID field with another tenant's id.
import { randomUUID } from "node:crypto";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
} from "graphql";
import { idKindOf, type IdKind } from "./id-kinds";
import { selection } from "./operations";

export interface IdField {
  /** Where it sits: `input.audience.memberIds`. */
  path: string;
  kind: IdKind;
  list: boolean;
}

/** Picks the value of one ID field: a single id, or the ids of a list. */
export type IdChoice = (field: IdField) => string[];

export interface MutationInputs {
  name: string;
  query: string;
  idFields: IdField[];
  variables(choose: IdChoice): Record<string, unknown>;
}

const containsId = (type: GraphQLInputType, seen = new Set<string>()): boolean => {
  const named = getNamedType(type);
  if (named.name === "ID") return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => containsId(f.type, seen));
};

function walkIds(type: GraphQLInputType, context: string, name: string, path: string, out: IdField[]) {
  const named = getNamedType(type);
  if (named.name === "ID") {
    const kind = idKindOf(context, name);
    if (!kind) throw new Error(`No id kind for ${path} (in ${context}): name it in test/support/id-kinds.ts`);
    out.push({ path, kind, list: isListType(isNonNullType(type) ? type.ofType : type) });
  } else if (isInputObjectType(named)) {
    for (const f of Object.values(named.getFields())) walkIds(f.type, named.name, f.name, `${path}.${f.name}`, out);
  }
}

/** Every mutation with at least one ID field in its arguments, with its ID fields. */
export function mutationsWithIds(mutations: GraphQLField<unknown, unknown>[]): MutationInputs[] {
  const found: MutationInputs[] = [];
  for (const field of mutations) {
    const idFields: IdField[] = [];
    for (const arg of field.args) walkIds(arg.type, field.name, arg.name, arg.name, idFields);
    if (idFields.length === 0) continue;
    const args = field.args.filter((a) => isNonNullType(a.type) || containsId(a.type));
    const defs = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
    const call = args.map((a) => `${a.name}: $${a.name}`).join(", ");
    found.push({
      name: field.name,
      idFields,
      query: `mutation Probe(${defs}) { ${field.name}(${call}) ${selection(field.type, 2)} }`,
      variables: (choose) => {
        const byPath = new Map(idFields.map((f) => [f.path, f]));
        const values: Record<string, unknown> = {};
        for (const a of args) values[a.name] = valueFor(a.type, a.name, a.name, field.name, byPath, choose);
        return values;
      },
    });
  }
  return found;
}

function valueFor(
  type: GraphQLInputType,
  name: string,
  path: string,
  mutation: string,
  ids: Map<string, IdField>,
  choose: IdChoice,
): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  const idField = ids.get(path);
  if (idField) return idField.list ? choose(idField) : choose(idField)[0];
  if (isListType(inner)) return [valueFor(inner.ofType, name, path, mutation, ids, choose)];
  const named = getNamedType(inner) as GraphQLNamedType;
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const f of Object.values(named.getFields())) {
      // Required fields, and every field that names rows, so each ID field is sent.
      if (isNonNullType(f.type) || containsId(f.type)) {
        value[f.name] = valueFor(f.type, f.name, `${path}.${f.name}`, mutation, ids, choose);
      }
    }
    return value;
  }
  return scalarFor(named.name, name, mutation);
}

/** A plausible value of a scalar field, from its name: the controls should pass every check but the ids. */
function scalarFor(scalar: string, name: string, mutation: string): unknown {
  if (scalar === "Int" || scalar === "Float") return /fen$/i.test(name) ? 100 : 1;
  if (scalar === "Boolean") return false;
  if (scalar === "Fen") return "100";
  if (scalar === "JSONObject") return {};
  const now = Date.now();
  if (name === "idempotencyKey") return randomUUID();
  if (/email/i.test(name)) return `probe-${randomUUID().slice(0, 8)}@isolation.example`;
  if (name === "startsAt") return new Date(now - 60_000).toISOString();
  if (/At$/.test(name)) return new Date(now + 86_400_000).toISOString();
  if (/period$/i.test(name)) return new Date(now).toISOString().slice(0, 7);
  if (name === "csv") return `email,display_name\nprobe-${randomUUID().slice(0, 8)}@isolation.example,Probe\n`;
  if (/name$/i.test(name)) return `probe ${mutation} ${randomUUID().slice(0, 6)}`;
  return `isolation-probe-${mutation}`;
}
