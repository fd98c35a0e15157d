// Master-key rotation for what the suppliers area seals straight under a
// master key (CodeKeyRing.sealSmall): suppliers' API secrets and top-up
// accounts. Each value sealed under another key than the active one is opened
// and sealed again under the active one, swapped with one guarded UPDATE (a
// change meanwhile wins), so it is safe to run twice or while the catalog
// serves. Then the old key can leave CATALOG_CODE_KEYS. Nothing secret is
// logged or returned: ids and key ids only.
import type { Logger } from "@benefits-hub/platform";
import type { CodeKeyRing } from "../../crypto/key-ring";
import type { SupplierRepository } from "../../data/suppliers/supplier.repository";
import type { TopupRepository } from "../../data/suppliers/topup.repository";
import { supplierSecretContext } from "../../suppliers/registry";
import { topupAccountContext } from "./account";

export interface ResealResult {
  /** Supplier secrets and top-up accounts now sealed under the active master key. */
  resealed: { supplierSecrets: number; topupAccounts: number };
  /** Values that could not be opened (their key is not in the ring), left as they are. */
  failed: { kind: "supplier-secret" | "topup-account"; id: string; masterKeyId: string | null; reason: string }[];
  activeMasterKeyId: string;
}

const PAGE = 500;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** The master key id in a sealSmall value's header (version, id length, id); null when it has none. */
export function smallSealKeyId(sealed: Uint8Array): string | null {
  if (sealed.length < 2 || sealed.length < 2 + sealed[1]!) return null;
  return Buffer.from(sealed.subarray(2, 2 + sealed[1]!)).toString("utf8");
}

export async function resealSupplierSecrets(
  suppliers: SupplierRepository,
  topups: TopupRepository,
  keyRing: Pick<CodeKeyRing, "activeMasterKeyId" | "openSmall" | "sealSmall">,
  log?: Logger,
): Promise<ResealResult> {
  const active = keyRing.activeMasterKeyId;
  const result: ResealResult = {
    resealed: { supplierSecrets: 0, topupAccounts: 0 },
    failed: [],
    activeMasterKeyId: active,
  };
  const reseal = (kind: ResealResult["failed"][number]["kind"], id: string, sealed: Uint8Array, context: string) => {
    try {
      const plaintext = keyRing.openSmall(Buffer.from(sealed), context);
      return new Uint8Array(keyRing.sealSmall(plaintext, context));
    } catch (error) {
      result.failed.push({ kind, id, masterKeyId: smallSealKeyId(sealed), reason: (error as Error).message });
      return null;
    }
  };

  for (const { id, secretSealed } of await suppliers.sealedSecrets()) {
    if (smallSealKeyId(secretSealed) === active) continue;
    const resealed = reseal("supplier-secret", id, secretSealed, supplierSecretContext(id));
    if (resealed && (await suppliers.swapSealedSecret(id, secretSealed, resealed))) result.resealed.supplierSecrets++;
  }

  let after = NIL_UUID;
  for (;;) {
    const page = await topups.accountsNotSealedBy(active, after, PAGE);
    if (page.length === 0) break;
    for (const { id, accountSealed } of page) {
      const resealed = reseal("topup-account", id, accountSealed, topupAccountContext(id));
      if (resealed && (await topups.swapSealedAccount(id, accountSealed, resealed))) result.resealed.topupAccounts++;
    }
    after = page[page.length - 1]!.id;
  }
  log?.info(
    { ...result.resealed, failed: result.failed.length, active },
    "supplier secrets and top-up accounts resealed",
  );
  return result;
}
