import type { HubPubSub, Identity } from "@benefits-hub/platform";
import type { RedemptionStatsRepository } from "../data/redemption-stats.repository";
import type { AnalyticsLoaders } from "../loaders";
import { redemptionTopic, toStatEvent, type RedemptionStatEvent } from "./redemption-topic";

export class RedemptionStatsService {
  constructor(
    private readonly stats: RedemptionStatsRepository,
    private readonly loaders: AnalyticsLoaders,
    private readonly pubsub: HubPubSub,
  ) {}

  async forTenant(viewer: Identity): Promise<RedemptionStatEvent[]> {
    if (viewer.kind !== "member") return [];
    return (await this.stats.listForTenant(viewer.tenantId)).map(toStatEvent);
  }

  /** Redemptions of one benefit in the viewer's tenant. */
  async countFor(viewer: Identity, benefitId: string): Promise<number> {
    if (viewer.kind !== "member") return 0;
    return (await this.loaders.redemptionCount.load(benefitId)) ?? 0;
  }

  live(viewer: Identity): AsyncIterableIterator<RedemptionStatEvent> {
    if (viewer.kind !== "member") throw new Error("live stats need a member of a tenant");
    return this.pubsub.subscribe<RedemptionStatEvent>(redemptionTopic(viewer.tenantId));
  }
}
