// What an idempotency record keeps of a mutation's payload, and how a retry
// gets the payload back: rows are kept by id and read again (as entitlements'
// lifecycle does), so a retry answers through the same type resolvers; plain
// values (counts, flags, errors) are kept as they are; secrets never.
export interface PayloadShape {
  /** Payload fields holding rows (or lists of rows), by the type name the subgraph's RefLoaders read. */
  refs?: Record<string, string>;
  /** Payload fields kept as they are (scalars, or plain objects without secrets). `errors` always is. */
  values?: string[];
  /** Payload fields never stored (e.g. a key shown once): null on a retry. */
  secret?: string[];
  /** What a refusal (IDEMPOTENCY_CONFLICT, IN_PROGRESS) puts in non-null fields besides `errors`. */
  refusal?: Record<string, unknown>;
  /**
   * Input fields left out of the request's fingerprint because they are secrets (a password): the
   * record never holds even their hash, so a retry that differs only in them is not a conflict.
   */
  secretInput?: string[];
}

/** Reads rows by id for each type a subgraph's payloads hold, in the shape its services return. */
export type RefLoaders = Record<string, (ids: string[]) => Promise<{ id: string }[]>>;

type Payload = Record<string, unknown>;
type Stored = Record<string, unknown>;

export function storePayload(shape: PayloadShape, payload: Payload): Stored {
  const stored: Stored = { errors: encode(payload.errors ?? []) };
  for (const [field, type] of Object.entries(shape.refs ?? {})) {
    const value = payload[field] as { id: string } | { id: string }[] | null | undefined;
    stored[field] = Array.isArray(value) ? { type, ids: value.map((r) => r.id) } : { type, id: value?.id ?? null };
  }
  for (const field of shape.values ?? []) stored[field] = encode(payload[field] ?? null);
  return stored;
}

export async function restorePayload(shape: PayloadShape, refs: RefLoaders, stored: Stored): Promise<Payload> {
  const payload: Payload = { errors: decode(stored.errors ?? []) };
  for (const [field, type] of Object.entries(shape.refs ?? {})) {
    const ref = (stored[field] ?? {}) as { id?: string | null; ids?: string[] };
    const ids = ref.ids ?? (ref.id ? [ref.id] : []);
    const load = refs[type];
    if (!load) throw new Error(`no loader for ${type} payload rows`);
    const rows = ids.length ? new Map((await load(ids)).map((r) => [r.id, r])) : new Map();
    payload[field] = ref.ids ? ids.map((id) => rows.get(id)).filter(Boolean) : (rows.get(ids[0]) ?? null);
  }
  for (const field of shape.values ?? []) payload[field] = decode(stored[field] ?? null);
  for (const field of shape.secret ?? []) payload[field] = null;
  return payload;
}

/** JSON that keeps Dates and BigInts (rows and plain values hold both). */
function encode(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, encode(v)]),
    );
  }
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (typeof v.$date === "string" && Object.keys(v).length === 1) return new Date(v.$date);
    if (typeof v.$bigint === "string" && Object.keys(v).length === 1) return BigInt(v.$bigint);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  }
  return value;
}
