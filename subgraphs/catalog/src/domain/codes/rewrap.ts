// Master-key rotation: every data key not wrapped by the active master key is
// unwrapped with its old one and wrapped again with the active one. The codes
// themselves are untouched (they are sealed under the data keys). Once this
// has run, the old master key can be removed from CATALOG_CODE_KEYS.
import type { Logger } from "@benefits-hub/platform";
import type { CardCodeRepository } from "../../data/codes/card-code.repository";
import type { CodeKeyRing } from "../../crypto/key-ring";

export interface RewrapResult {
  /** Data keys now wrapped by the active master key. */
  rewrapped: number;
  /** Data keys whose master key is not in the ring (left as they are). */
  failed: { dataKeyId: string; masterKeyId: string; reason: string }[];
  activeMasterKeyId: string;
}

const PAGE = 500;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export async function rewrapDataKeys(
  codes: CardCodeRepository,
  keyRing: CodeKeyRing,
  log?: Logger,
): Promise<RewrapResult> {
  const active = keyRing.activeMasterKeyId;
  const result: RewrapResult = { rewrapped: 0, failed: [], activeMasterKeyId: active };
  let after = NIL_UUID;
  for (;;) {
    const page = await codes.dataKeysNotWrappedBy(active, after, PAGE);
    if (page.length === 0) break;
    for (const dataKey of page) {
      let key: Buffer;
      try {
        key = keyRing.unwrapDataKey(dataKey.masterKeyId, dataKey.wrappedKey);
      } catch (error) {
        result.failed.push({
          dataKeyId: dataKey.id,
          masterKeyId: dataKey.masterKeyId,
          reason: (error as Error).message,
        });
        continue;
      }
      const wrappedKey = keyRing.wrapDataKey(key);
      key.fill(0);
      if (await codes.replaceWrap(dataKey.id, dataKey.masterKeyId, { masterKeyId: active, wrappedKey })) {
        result.rewrapped += 1;
      }
    }
    after = page[page.length - 1]!.id;
    log?.info({ rewrapped: result.rewrapped, failed: result.failed.length }, "rewrapping data keys");
  }
  return result;
}
