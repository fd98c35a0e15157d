// The entitlements service's wiring: what its services are built from (once
// per process) and the per-request context (viewer, loaders, services).
// Each area (wallet and lifecycle, campaigns and issuance, risk, rules,
// events) contributes its services here.
import type { BaseContext, HubPubSub, Identity, Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { AudienceClient } from "./clients/audience.client";
import { BudgetClient } from "./clients/budget.client";
import { CatalogClient } from "./clients/catalog.client";
import { GraphClient } from "./clients/graph.client";
import { EntitlementRepository } from "./data/entitlement.repository";
import { EventRepository } from "./data/event.repository";
import { IdempotencyGuard } from "./domain/idempotency";
import { createRiskServices, type RiskServices } from "./domain/risk";
import { RedemptionCodes } from "./domain/redemption-code";
import { createLifecycleServices, type LifecycleServices } from "./domain/lifecycle";
import { createIssuanceServices, type IssuanceServices } from "./domain/issuance";
import { createPacksService } from "./domain/packs";
import type { PacksService } from "./domain/packs/packs.service";
import { createRulesServices, type RulesServices } from "./domain/rules";
import { WalletService } from "./domain/wallet.service";
import { createLoaders, type EntitlementLoaders } from "./loaders";
import { MutationKeys } from "@benefits-hub/platform/idempotency";
import { entitlementsPayloadRefs } from "./data/payload-refs.repository";

export interface EntitlementsOptionsCore {
  db: PrismaClient;
  pubsub: HubPubSub;
  log: Logger;
  internalSecret: string;
  /** Base URLs (no /graphql) of membership and the catalog. */
  membershipUrl: string;
  catalogUrl: string;
  /** An issuance pending this long is resumed by recovery (default 30 s; tests make it short). */
  issuanceStaleMs?: number;
}

/** Built once per process. */
export interface EntitlementsDeps {
  db: PrismaClient;
  pubsub: HubPubSub;
  log: Logger;
  budget: BudgetClient;
  catalog: CatalogClient;
  audience: AudienceClient;
  events: EventRepository;
  entitlements: EntitlementRepository;
  idempotency: IdempotencyGuard;
  codes: RedemptionCodes;
  membershipGraphqlUrl: string;
  internalSecret: string;
  issuanceStaleMs?: number;
}

export function buildDeps(o: EntitlementsOptionsCore): EntitlementsDeps {
  const graphql = (base: string) => new URL("/graphql", base).toString();
  return {
    db: o.db,
    pubsub: o.pubsub,
    log: o.log,
    // A reservation that times out leaves its issuance pending for recovery: give membership time under load.
    budget: new BudgetClient(new GraphClient("membership", graphql(o.membershipUrl), o.internalSecret, 15_000)),
    catalog: new CatalogClient(new GraphClient("catalog", graphql(o.catalogUrl), o.internalSecret)),
    audience: new AudienceClient(o.membershipUrl, o.internalSecret),
    events: new EventRepository(o.db),
    entitlements: new EntitlementRepository(o.db),
    idempotency: new IdempotencyGuard(o.db),
    codes: new RedemptionCodes(o.internalSecret),
    membershipGraphqlUrl: graphql(o.membershipUrl),
    internalSecret: o.internalSecret,
    issuanceStaleMs: o.issuanceStaleMs,
  };
}

/** Stateless services, made once per process. */
export interface ProcessServices extends RiskServices, LifecycleServices, IssuanceServices, RulesServices {
  deps: EntitlementsDeps;
  packs: PacksService;
}

export function buildProcessServices(deps: EntitlementsDeps): ProcessServices {
  const risk = createRiskServices(deps.db, { log: deps.log });
  const issuance = createIssuanceServices(deps, risk.risk, {
    membershipGraphqlUrl: deps.membershipGraphqlUrl,
    internalSecret: deps.internalSecret,
    issuanceStaleMs: deps.issuanceStaleMs,
  });
  const rules = createRulesServices({
    db: deps.db,
    log: deps.log,
    audience: deps.audience,
    campaigns: issuance.campaignRepository,
    issuance: issuance.issuance,
  });
  return {
    deps,
    ...risk,
    ...createLifecycleServices(deps, risk.risk),
    ...issuance,
    ...rules,
    packs: createPacksService(deps),
  };
}

export interface EntitlementsContext extends BaseContext {
  loaders: EntitlementLoaders;
  /** Idempotency keys of the mutations keyed at the resolver (packages/platform/src/idempotency). */
  mutationKeys: MutationKeys;
  services: ProcessServices & { wallet: WalletService };
}

export function contextFactory(processServices: ProcessServices) {
  const { deps } = processServices;
  const mutationKeys = new MutationKeys(deps.db, "entitlements", entitlementsPayloadRefs(deps.db));
  return (viewer: Identity, log: Logger): EntitlementsContext => {
    const loaders = createLoaders(
      deps.entitlements,
      processServices.campaignRepository,
      viewer.kind === "member" ? viewer.memberId : null,
    );
    return {
      viewer,
      log,
      loaders,
      mutationKeys,
      services: {
        ...processServices,
        wallet: new WalletService(deps.entitlements, loaders, deps.codes),
      },
    };
  };
}
