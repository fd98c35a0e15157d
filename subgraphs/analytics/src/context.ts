import type { BaseContext, HubPubSub, Identity, Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { RedemptionStatsRepository } from "./data/redemption-stats.repository";
import { createCockpitServices, type CockpitServices } from "./domain/cockpit";
import { createCockpitLive, type CockpitLive } from "./domain/live";
import { RedemptionStatsService } from "./domain/redemption-stats.service";
import { createLoaders } from "./loaders";

export interface AnalyticsContext extends BaseContext {
  services: { redemptionStats: RedemptionStatsService; cockpit: CockpitServices; live: CockpitLive };
}

export function contextFactory(db: PrismaClient, pubsub: HubPubSub) {
  const stats = new RedemptionStatsRepository(db);
  // The cockpit's services keep no per-request state: built once.
  const cockpit = createCockpitServices(db);
  const live = createCockpitLive(db, pubsub, cockpit);
  return (viewer: Identity, log: Logger): AnalyticsContext => ({
    viewer,
    log,
    services: {
      redemptionStats: new RedemptionStatsService(stats, createLoaders(viewer, stats), pubsub),
      cockpit,
      live,
    },
  });
}
