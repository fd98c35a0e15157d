// Keyset cursors over (createdAt, id): opaque to clients, checked on the way in.
import { decodeKeyset, encodeKeyset } from "../keyset-cursor";

export interface Keyset {
  createdAt: Date;
  id: string;
}

export const encodeCursor = (row: Keyset) => encodeKeyset(row.createdAt, row.id);

/** Null for no cursor; a cursor that is not one of ours is bad input. */
export function decodeCursor(cursor: string | null | undefined): Keyset | null {
  const key = decodeKeyset(cursor);
  return key && { createdAt: key.at, id: key.id };
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
