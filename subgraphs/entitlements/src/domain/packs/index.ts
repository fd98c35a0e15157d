// Benefit packs' service, built once per process.
import type { HubPubSub, Logger } from "@benefits-hub/platform";
import type { AudienceClient } from "../../clients/audience.client";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { EventRepository } from "../../data/event.repository";
import { FactsRepository } from "../../data/facts.repository";
import { PacksRepository } from "../../data/packs.repository";
import { SettlementRepository } from "../../data/settlement.repository";
import type { IdempotencyGuard } from "../idempotency";
import type { RedemptionCodes } from "../redemption-code";
import { PacksService } from "./packs.service";

export interface PacksDeps {
  db: PrismaClient;
  events: EventRepository;
  idempotency: IdempotencyGuard;
  codes: RedemptionCodes;
  audience: Pick<AudienceClient, "factsOf">;
  pubsub: HubPubSub;
  log: Logger;
}

export const createPacksService = (d: PacksDeps) =>
  new PacksService(
    new PacksRepository(d.db, d.events, new SettlementRepository(d.db)),
    d.idempotency,
    d.codes,
    d.audience,
    new FactsRepository(d.db),
    d.pubsub,
    d.log,
  );
