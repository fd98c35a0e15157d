// Opaque keyset cursors over (a time, an id), for lists ordered by time then
// id: base64url of "<ISO time>|<uuid>", checked on the way in.
import { GraphQLError } from "graphql";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeKeyset = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");

/** Null for no cursor; a cursor that is not one of ours is bad input. */
export function decodeKeyset(cursor: string | null | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [time, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(time ?? "");
  if (!UUID.test(id ?? "") || Number.isNaN(at.getTime())) {
    throw new GraphQLError("after is not a cursor of this list", { extensions: { code: "BAD_USER_INPUT" } });
  }
  return { at, id: id! };
}
