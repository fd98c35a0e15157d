// The demo code pools: random card codes for every card-code SKU, imported
// through the catalog's own importer (sealed, fingerprinted, counted) as the
// demo operator. One SKU gets only a few, so the low-stock alert shows.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { createLogger, createInProcessPubSub, type MemberIdentity } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { CodeKeyRing } from "../../subgraphs/catalog/src/crypto/key-ring";
import { CardCodeRepository } from "../../subgraphs/catalog/src/data/codes/card-code.repository";
import { CodeImporter } from "../../subgraphs/catalog/src/domain/codes/code-importer";

/** Codes per card-code SKU, and for the one SKU kept short of stock. */
export const DEMO_POOL_SIZE = 200;
const SHORT_SKU = "luckin-coffee-20";
const SHORT_POOL_SIZE = 6;

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const randomCode = () =>
  Array.from(randomBytes(16), (b) => ALPHABET[b % ALPHABET.length])
    .join("")
    .replace(/(.{4})(?!$)/g, "$1-");

function* csv(size: number) {
  yield "code,pin,expires_at\n";
  for (let i = 0; i < size; i++) {
    const pin = i % 2 === 0 ? String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, "0") : "";
    yield `${randomCode()},${pin},2027-12-31\n`;
  }
}

export async function seedDemoCodePools(
  db: PrismaClient,
  codeKeys: { masterKeys: string; fingerprintKey: string },
  operatorEmail: string,
): Promise<number> {
  const operator = await db.member.findUniqueOrThrow({ where: { email: operatorEmail } });
  const viewer: MemberIdentity = {
    kind: "member",
    tenantId: operator.tenantId,
    memberId: operator.id,
    role: "PLATFORM_OPERATOR",
    orgUnitId: operator.orgUnitId,
  };
  const pubsub = createInProcessPubSub();
  const importer = new CodeImporter(
    new CardCodeRepository(db),
    CodeKeyRing.fromConfig(codeKeys),
    pubsub,
    createLogger("demo-codes", "warn"),
  );
  const skus = await db.sku.findMany({ where: { stockSource: "CODE_POOL" }, orderBy: { slug: "asc" } });
  let imported = 0;
  try {
    for (const sku of skus) {
      const size = sku.slug === SHORT_SKU ? SHORT_POOL_SIZE : DEMO_POOL_SIZE;
      const result = await importer.run(Readable.from(csv(size)), sku.id, viewer);
      if ("code" in result || result.status !== "SUCCEEDED") {
        throw new Error(`demo code pool for ${sku.slug} failed: ${"code" in result ? result.code : result.error}`);
      }
      imported += result.importedRows;
    }
  } finally {
    await pubsub.close();
  }
  return imported;
}
