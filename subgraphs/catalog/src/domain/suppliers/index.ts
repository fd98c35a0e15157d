// The suppliers area, wired: its services for requests, and its background
// work (the periodic stock sync and the top-up worker) for the process.
import type { HubPubSub, Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { CodeKeyRing } from "../../crypto/key-ring";
import { CatalogAuditRepository } from "../../data/audit.repository";
import { SupplierRepository } from "../../data/suppliers/supplier.repository";
import { TopupRepository } from "../../data/suppliers/topup.repository";
import { SupplierRegistry } from "../../suppliers/registry";
import { SupplierAdminService } from "./supplier-admin.service";
import { SupplierSyncService } from "./supplier-sync.service";
import { TopupService } from "./topup.service";
import { StatementRepository } from "../../data/suppliers/statement.repository";
import { StatementImportService } from "./statement-import.service";
import { SupplierEvents } from "./supplier-events";
import { TopupWorker, type TopupWorkerOptions } from "./topup-worker";

export interface SupplierDeps {
  db: PrismaClient;
  log: Logger;
  pubsub: HubPubSub;
  keyRing: Pick<CodeKeyRing, "sealSmall" | "openSmall">;
}

export interface SupplierServices {
  admin: SupplierAdminService;
  topups: TopupService;
  statements: StatementImportService;
}

/** The default time between two syncs of a supplier, when none is configured. */
export const DEFAULT_SYNC_INTERVAL_MS = 60_000;

export function createSupplierServices(
  deps: SupplierDeps,
  syncIntervalMs = DEFAULT_SYNC_INTERVAL_MS,
): SupplierServices {
  const suppliers = new SupplierRepository(deps.db);
  const topups = new TopupRepository(deps.db);
  const registry = new SupplierRegistry(deps.keyRing);
  const events = new SupplierEvents(deps.pubsub, deps.log);
  const sync = new SupplierSyncService(deps.db, suppliers, registry, deps.pubsub, deps.log, {
    intervalMs: syncIntervalMs,
  });
  return {
    admin: new SupplierAdminService(
      deps.db,
      suppliers,
      topups,
      registry,
      sync,
      deps.keyRing,
      new CatalogAuditRepository(),
    ),
    topups: new TopupService(deps.db, topups, deps.keyRing, events),
    statements: new StatementImportService(
      deps.db,
      suppliers,
      new StatementRepository(deps.db),
      registry,
      events,
      new CatalogAuditRepository(),
    ),
  };
}

export interface SupplierWorkOptions {
  /** 0 or unset: no periodic sync. */
  syncIntervalMs?: number;
  topupPollMs?: number;
  worker?: TopupWorkerOptions;
  /** A registry to use (tests register fake adapters); default: a new one. */
  registry?: SupplierRegistry;
}

export interface SupplierWork {
  sync: SupplierSyncService;
  worker: TopupWorker;
  close(): Promise<void>;
}

/** Starts the top-up worker and, when an interval is set, the periodic supplier sync. */
export function startSupplierWork(deps: SupplierDeps, options: SupplierWorkOptions = {}): SupplierWork {
  const registry = options.registry ?? new SupplierRegistry(deps.keyRing);
  const intervalMs = options.syncIntervalMs || DEFAULT_SYNC_INTERVAL_MS;
  const log = deps.log.child({ area: "suppliers" });
  const sync = new SupplierSyncService(deps.db, new SupplierRepository(deps.db), registry, deps.pubsub, log, {
    intervalMs,
  });
  const events = new SupplierEvents(deps.pubsub, log);
  const worker = new TopupWorker(deps.db, new TopupRepository(deps.db), registry, deps.keyRing, log, events, {
    pollMs: options.topupPollMs,
    ...options.worker,
  }).start();

  let timer: NodeJS.Timeout | null = null;
  let round: Promise<unknown> | null = null;
  let stopped = false;
  if (options.syncIntervalMs && options.syncIntervalMs > 0) {
    // Look for due suppliers often (the claim is one UPDATE); each is synced when its nextSyncAt comes.
    const every = Math.min(options.syncIntervalMs, 5_000);
    const tick = () => {
      if (stopped) return;
      round = sync
        .syncDue()
        .catch((error: unknown) => log.error({ err: error }, "supplier sync round failed"))
        .finally(() => {
          round = null;
          if (!stopped) timer = setTimeout(tick, every);
        });
    };
    timer = setTimeout(tick, Math.min(every, 1_000));
  }
  return {
    sync,
    worker,
    async close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all([round, worker.close()]);
    },
  };
}
