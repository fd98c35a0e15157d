// Run once at service start: seals what was written before the hash chain
// existed (events the migration numbered but left without a hash), anchors
// sealed events in their tenant's chain, and gives entitlements without a
// code hash theirs (the code is derived, never stored).
// Each chain is sealed under its entitlement's row lock, from its first
// unsealed event on; safe to run on several instances at once.
import type { Logger } from "@benefits-hub/platform";
import type { ChainRepository, EventRow } from "../../data/chain.repository";
import type { Tx } from "../../data/event.repository";
import { linkHash } from "../event-chain";
import { sealTenantAnchors } from "../events/anchor-seal";
import type { RedemptionCodes } from "../redemption-code";

const BATCH = 200;
const MAX_PASSES = 10_000;

export async function sealLegacy(
  chains: ChainRepository,
  codes: RedemptionCodes,
  log: Logger,
): Promise<{ events: number; codeHashes: number }> {
  let events = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const ids = await chains.withUnsealedEvents(BATCH);
    if (ids.length === 0) break;
    for (const id of ids) events += await chains.transaction((tx) => sealChain(chains, tx, id));
  }
  let codeHashes = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const ids = await chains.withoutCodeHash(BATCH);
    if (ids.length === 0) break;
    await chains.setCodeHashes(
      ids,
      ids.map((id) => codes.hashFor(id)),
    );
    codeHashes += ids.length;
  }
  if (events || codeHashes) log.info({ events, codeHashes }, "sealed legacy events and code hashes");
  // Then every sealed event goes into its tenant's chain (those written before the anchor, those just sealed).
  await sealTenantAnchors(chains.tenants, log);
  return { events, codeHashes };
}

/** Hashes one chain from its first unsealed event on; how many events it (re)sealed. */
async function sealChain(chains: ChainRepository, tx: Tx, entitlementId: string): Promise<number> {
  const rows: EventRow[] = await chains.lockedChain(tx, entitlementId);
  let prevHash: string | null = null;
  let nextSeq = 1;
  let sealing = false;
  let count = 0;
  for (const row of rows) {
    if (!sealing && row.hash !== null && row.chainSeq !== null) {
      prevHash = row.hash;
      nextSeq = row.chainSeq + 1;
      continue;
    }
    sealing = true;
    const chainSeq = row.chainSeq ?? nextSeq;
    const hash = linkHash({ ...row, chainSeq, prevHash });
    await chains.updateLink(tx, { id: row.id, chainSeq, prevHash, hash });
    prevHash = hash;
    nextSeq = chainSeq + 1;
    count += 1;
  }
  return count;
}
