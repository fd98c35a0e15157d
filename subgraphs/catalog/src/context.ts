// The catalog's per-request context: the viewer and the services, each area
// (master catalog, shelf, card codes, suppliers) contributing its own.
import type { BaseContext, HubPubSub, Identity, Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { TenantIdsClient } from "@benefits-hub/platform/tenant-ids";
import { CatalogAuditLogRepository, CatalogAuditRepository } from "./data/audit.repository";
import { CatalogRepository } from "./data/catalog.repository";
import { ShelfRepository } from "./data/shelf.repository";
import { CatalogAdminService } from "./domain/catalog-admin.service";
import { CatalogAuditLogService } from "./domain/catalog-audit-log.service";
import { CatalogService } from "./domain/catalog.service";
import { ShelfAdminService } from "./domain/shelf-admin.service";
import { ShelfService, type AudienceSource } from "./domain/shelf.service";
import { createLoaders } from "./loaders";
import type { CodeKeyRing } from "./crypto/key-ring";
import { createSupplierServices, type SupplierServices } from "./domain/suppliers";
import { CardCodeRepository } from "./data/codes/card-code.repository";
import { CardCodeService } from "./domain/codes/code.service";
import { RevealHistoryRepository } from "./data/codes/reveal-history.repository";
import { RevealHistoryService } from "./domain/codes/reveal-history.service";
import { MutationKeys } from "@benefits-hub/platform/idempotency";
import { catalogPayloadRefs } from "./data/payload-refs.repository";

/** What the catalog's services are built from, once per process. */
export interface CatalogDeps {
  db: PrismaClient;
  log: Logger;
  pubsub: HubPubSub;
  /** Members' tiers and segments, from membership. */
  audience: AudienceSource;
  /** Which segment ids are a tenant's, from membership. */
  tenantIds: TenantIdsClient;
  /** Seals card codes, supplier secrets and top-up accounts. */
  keyRing: CodeKeyRing;
  /** The time between two syncs of a supplier (default: DEFAULT_SYNC_INTERVAL_MS). */
  supplierSyncIntervalMs?: number;
}

export interface CatalogServices {
  catalog: CatalogService;
  shelf: ShelfService;
  shelfAdmin: ShelfAdminService;
  catalogAdmin: CatalogAdminService;
  auditLog: CatalogAuditLogService;
  suppliers: SupplierServices;
  codes: CardCodeService;
  revealHistory: RevealHistoryService;
}

export interface CatalogContext extends BaseContext {
  services: CatalogServices;
  /** Idempotency keys of the catalog's mutations (packages/platform/src/idempotency). */
  mutationKeys: MutationKeys;
}

export function contextFactory(deps: CatalogDeps) {
  const catalog = new CatalogRepository(deps.db);
  const shelf = new ShelfRepository(deps.db);
  const audit = new CatalogAuditRepository();
  // Stateless services are made once; those holding per-request loaders, per request.
  const shelfAdmin = new ShelfAdminService(deps.db, audit, deps.tenantIds);
  const catalogAdmin = new CatalogAdminService(deps.db, audit);
  const auditLog = new CatalogAuditLogService(new CatalogAuditLogRepository(deps.db));
  const suppliers = createSupplierServices(deps, deps.supplierSyncIntervalMs || undefined);
  const codes = new CardCodeService(new CardCodeRepository(deps.db), deps.keyRing, deps.pubsub, deps.log);
  const revealHistory = new RevealHistoryService(new RevealHistoryRepository(deps.db));
  const mutationKeys = new MutationKeys(deps.db, "catalog", catalogPayloadRefs(deps.db));
  return (viewer: Identity, log: Logger): CatalogContext => {
    const loaders = createLoaders(catalog);
    return {
      viewer,
      log,
      mutationKeys,
      services: {
        catalog: new CatalogService(catalog, loaders),
        shelf: new ShelfService(shelf, loaders, deps.audience),
        shelfAdmin,
        catalogAdmin,
        auditLog,
        suppliers,
        codes,
        revealHistory,
      },
    };
  };
}
