// Keyset cursors over (createdAt, id): opaque to clients, checked on the way in.
import { GraphQLError } from "graphql";
import { isUuid } from "../ids";

export interface Keyset {
  createdAt: Date;
  id: string;
}

export const encodeCursor = (row: Keyset) =>
  Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");

/** Null for no cursor; a cursor that is not one of ours is bad input. */
export function decodeCursor(cursor: string | null | undefined): Keyset | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!isUuid(id ?? "") || Number.isNaN(createdAt.getTime())) {
    throw new GraphQLError("after is not a cursor of this list", { extensions: { code: "BAD_USER_INPUT" } });
  }
  return { createdAt, id: id! };
}

/** A page size from 1 to `max` (default `fallback`). */
export const pageSize = (first: number | null | undefined, fallback: number, max: number) =>
  Math.min(Math.max(first ?? fallback, 1), max);

/** One page of `rows` fetched with `size + 1`: the rows and the cursor of the next page. */
export function pageOf<T extends Keyset>(rows: T[], size: number): { items: T[]; endCursor: string | null } {
  const items = rows.slice(0, size);
  const last = items.at(-1);
  return { items, endCursor: rows.length > size && last ? encodeCursor(last) : null };
}
