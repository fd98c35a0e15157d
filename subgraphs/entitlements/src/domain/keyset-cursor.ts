// Opaque keyset cursors over (a time, an id), shared by every list of the
// subgraph: base64url of "<ISO time>|<uuid>", checked on the way in.
import { GraphQLError } from "graphql";
import { isUuid } from "./ids";

export const encodeKeyset = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");

/** Null for no cursor; a cursor that is not one of ours is bad input. */
export function decodeKeyset(cursor: string | null | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [time, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(time ?? "");
  if (!isUuid(id ?? "") || Number.isNaN(at.getTime())) {
    throw new GraphQLError("after is not a cursor of this list", { extensions: { code: "BAD_USER_INPUT" } });
  }
  return { at, id: id! };
}
