// Run at service start, after the legacy hash chains are sealed: folds the
// sealed events that are not in their tenant's chain yet (written before the
// anchor existed, or sealed since) into it, oldest first, a batch per
// transaction under the tenant head's row lock (the lock the commit trigger
// takes), so new events keep coming meanwhile. Safe on several instances.
import type { Logger } from "@benefits-hub/platform";
import type { Tx } from "../../data/event.repository";
import type { NewLink, TenantChainRepository } from "../../data/tenant-chain.repository";
import { tenantHash } from "./tenant-chain";

const BATCH = 500;
const MAX_PASSES = 100_000;

export async function sealTenantAnchors(chains: TenantChainRepository, log: Logger): Promise<number> {
  let anchored = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const tenants = await chains.tenantsWithUnanchored(100);
    if (tenants.length === 0) break;
    for (const tenantId of tenants) {
      for (;;) {
        const n = await chains.transaction((tx) => anchorBatch(chains, tx, tenantId));
        anchored += n;
        if (n < BATCH) break;
      }
    }
  }
  if (anchored) log.info({ anchored }, "anchored older events in their tenants' chains");
  return anchored;
}

async function anchorBatch(chains: TenantChainRepository, tx: Tx, tenantId: string): Promise<number> {
  let { tenantSeq, hash } = await chains.lockedHead(tx, tenantId);
  const events = await chains.unanchored(tx, tenantId, BATCH);
  const links: NewLink[] = events.map((event) => {
    tenantSeq += 1;
    hash = tenantHash(hash, event.hash);
    return { ...event, tenantSeq, tenantHash: hash };
  });
  await chains.appendLinks(tx, tenantId, links);
  return links.length;
}
