// Idempotency keys at the resolver layer: `keyedMutation(shape, run)` wraps a
// thin Mutation resolver so that an optional `idempotencyKey` (in `input`, or
// an argument of its own) runs it under the guard, scoped to the caller's
// tenant, the caller and the mutation. Services are not changed: their
// transactions mark the record (ambient.ts).
import type { GraphQLResolveInfo } from "graphql";
import type { Identity } from "../identity/identity";
import { IdempotencyGuard, type GuardOptions, type RefusalCode } from "./guard";
import { restorePayload, storePayload, type PayloadShape, type RefLoaders } from "./payload-codec";
import { IdempotencyStore, type SqlClient } from "./store";

/** Services have no tenant: their keys live under this one (the actor still separates them). */
export const NO_TENANT = "00000000-0000-0000-0000-000000000000";

export interface KeyScope {
  tenantId: string;
  actor: string;
}

/** Who uses a key, and in which tenant; null for anonymous callers (who change nothing under a key). */
export function keyScopeOf(viewer: Identity): KeyScope | null {
  switch (viewer.kind) {
    case "member":
      return { tenantId: viewer.tenantId, actor: `member:${viewer.memberId}` };
    case "partner":
      return { tenantId: viewer.tenantId, actor: `partner:${viewer.apiKeyId}` };
    case "service":
      return { tenantId: NO_TENANT, actor: `service:${viewer.service}` };
    default:
      return null;
  }
}

type Args = Record<string, unknown> & { input?: Record<string, unknown> | null; idempotencyKey?: string | null };

/** The key, and the arguments without it (what the service gets, and what a retry must repeat). */
export function splitKey<A extends Args>(args: A): { key: string | null; request: A } {
  if (args.input && typeof args.input === "object" && "idempotencyKey" in args.input) {
    const { idempotencyKey, ...input } = args.input;
    return { key: (idempotencyKey as string | null | undefined) ?? null, request: { ...args, input } };
  }
  const { idempotencyKey, ...rest } = args;
  return { key: idempotencyKey ?? null, request: rest as A };
}

export class MutationKeys {
  readonly guard: IdempotencyGuard;

  constructor(
    db: SqlClient,
    schema: "catalog" | "membership" | "entitlements",
    private readonly refs: RefLoaders,
    options: GuardOptions = {},
  ) {
    this.guard = new IdempotencyGuard(new IdempotencyStore(db, schema), options);
  }

  run<R>(
    viewer: Identity,
    operation: string,
    args: Args,
    shape: PayloadShape,
    work: (args: Args) => Promise<R>,
  ): Promise<R> {
    const { key, request } = splitKey(args);
    const scope = keyScopeOf(viewer);
    if (!key || !scope) return work(request);
    return this.guard.call<R>({
      ...scope,
      key,
      operation,
      request: withoutSecrets(request, shape.secretInput),
      ambient: true,
      run: () => work(request),
      store: (result) => storePayload(shape, result as Record<string, unknown>),
      restore: async (stored) => (await restorePayload(shape, this.refs, stored)) as R,
      refuse: (code, message) => refusal(shape, code, message) as R,
    });
  }
}

/** The request as fingerprinted: secret input fields left out. */
function withoutSecrets(request: Args, secrets: string[] | undefined): Args {
  if (!secrets?.length || !request.input) return request;
  return { ...request, input: Object.fromEntries(Object.entries(request.input).filter(([k]) => !secrets.includes(k))) };
}

export function refusal(shape: PayloadShape, code: RefusalCode, message: string): Record<string, unknown> {
  return { ...shape.refusal, errors: [{ code, message, field: "idempotencyKey" }] };
}

export interface KeyedContext {
  viewer: Identity;
  mutationKeys: MutationKeys;
}

export type KeyedResolver<A, C> = ((parent: unknown, args: A, ctx: C, info: GraphQLResolveInfo) => Promise<unknown>) & {
  idempotency: PayloadShape;
};

/** A Mutation resolver that takes an optional idempotencyKey; the operation is the field's name. */
export function keyedMutation<A extends object, C extends KeyedContext, R>(
  shape: PayloadShape,
  run: (args: A, ctx: C) => Promise<R>,
): KeyedResolver<A, C> {
  const resolver = (_: unknown, args: A, ctx: C, info: GraphQLResolveInfo) =>
    ctx.mutationKeys.run(ctx.viewer, info.fieldName, args as Args, shape, (plain) => run(plain as A, ctx));
  return Object.assign(resolver, { idempotency: shape });
}
