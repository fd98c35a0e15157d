// What the lifecycle services are made of, built once per process.
import type { AudienceClient } from "../../clients/audience.client";
import type { CatalogClient } from "../../clients/catalog.client";
import type { EntitlementRepository } from "../../data/entitlement.repository";
import type { EventRepository } from "../../data/event.repository";
import type { IdempotencyGuard } from "../idempotency";
import type { RedemptionCodes } from "../redemption-code";
import type { MoveWriter } from "./move-writer";
import type { RiskGate } from "./risk-gate";

export interface LifecycleDeps {
  entitlements: EntitlementRepository;
  events: EventRepository;
  writer: MoveWriter;
  idempotency: IdempotencyGuard;
  codes: RedemptionCodes;
  catalog: CatalogClient;
  audience: AudienceClient;
  /** Risk control; null in a process without it (every request is allowed). */
  risk: RiskGate | null;
  now?: () => Date;
}

export const clockOf = (deps: LifecycleDeps) => deps.now ?? (() => new Date());
