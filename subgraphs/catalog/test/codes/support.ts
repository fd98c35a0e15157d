// Helpers of the card-code tests: uploading a CSV through the gateway, and
// searching every table of the database for a plaintext.
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { TestHub } from "../../../../test/support/hub";

export interface UploadAnswer {
  status: number;
  /** The NDJSON events (started, progress…, finished), or the JSON refusal. */
  events: Record<string, any>[];
  body: string;
}

export async function uploadCodes(
  hub: TestHub,
  token: string | null,
  skuId: string,
  csv: string,
  contentType = "text/csv",
): Promise<UploadAnswer> {
  const url = new URL(`/uploads/card-codes?skuId=${encodeURIComponent(skuId)}`, hub.gatewayUrl);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: csv,
  });
  const body = await response.text();
  const events = body
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, any>);
  return { status: response.status, events, body };
}

export const finished = (answer: UploadAnswer) => answer.events.find((e) => e.event === "finished")?.import;

/** Every row of every table of the hub's schemas, as text (bytea as hex), for plaintext searches. */
export async function everyRowAsText(db: PrismaClient): Promise<string> {
  const tables = await db.$queryRaw<{ schema: string; name: string }[]>`
    SELECT table_schema::text AS schema, table_name::text AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`;
  const parts: string[] = [];
  for (const { schema, name } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${schema}"."${name}" t`);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join("\n");
}

/** Where a plaintext could show up in a dump: as text, or as the hex of its bytes inside a bytea. */
export function plaintextFound(dump: string, secret: string): boolean {
  return dump.includes(secret) || dump.includes(Buffer.from(secret, "utf8").toString("hex"));
}
