// Keyset pages of entitlements, newest first: opaque cursors over
// (issuedAt, id), checked on the way in, and page sizes within bounds.
import { GraphQLError } from "graphql";
import type { EntitlementKeyset, EntitlementRow } from "../../data/entitlement.repository";
import { decodeKeyset, encodeKeyset } from "../keyset-cursor";

export interface EntitlementPage {
  entitlements: EntitlementRow[];
  endCursor: string | null;
}

export const emptyPage: EntitlementPage = { entitlements: [], endCursor: null };

export const encodeCursor = (row: EntitlementKeyset) => encodeKeyset(row.issuedAt, row.id);

/** Null for no cursor; one that is not of this list is bad input. */
export function decodeCursor(cursor: string | null | undefined): EntitlementKeyset | null {
  const key = decodeKeyset(cursor);
  return key && { issuedAt: key.at, id: key.id };
}

/** `first` within 1..max; anything else is bad input. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new GraphQLError(`first must be 1 to ${max}`, { extensions: { code: "BAD_USER_INPUT" } });
  }
  return size;
}

/** One page from rows fetched with size + 1. */
export function pageOf(rows: EntitlementRow[], size: number): EntitlementPage {
  const entitlements = rows.slice(0, size);
  const last = entitlements.at(-1);
  return { entitlements, endCursor: rows.length > size && last ? encodeCursor(last) : null };
}
