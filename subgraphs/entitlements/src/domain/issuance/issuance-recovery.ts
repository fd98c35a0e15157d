// Finishes issuances whose process died (or stalled) between holding stock
// and completing: re-runs the budget reservation (idempotent by the issuance
// id) and completes or gives back. Run at start and every few seconds.
import type { Logger } from "@benefits-hub/platform";
import type { CampaignRepository } from "../../data/campaign.repository";
import type { IssuanceRepository } from "../../data/issuance.repository";
import type { IssuanceService } from "./issuance.service";

export class IssuanceRecovery {
  constructor(
    private readonly issuances: IssuanceRepository,
    private readonly campaigns: CampaignRepository,
    private readonly issuance: IssuanceService,
    private readonly log: Logger,
    /** An issuance pending this long is presumed abandoned (a live request finishes in well under it). */
    private readonly staleMs = 30_000,
  ) {}

  /** Resumes up to `limit` stale issuances; how many were settled. */
  async sweep(limit = 100): Promise<number> {
    const stale = await this.issuances.stalePending(this.staleMs, limit);
    let settled = 0;
    for (const row of stale) {
      const campaign = await this.campaigns.withItems(row.tenantId, row.campaignId);
      try {
        if (!campaign) {
          await this.issuances.fail(row, "NOT_FOUND");
        } else {
          // A grant or rule issuance starts ISSUED; a claim starts CLAIMED.
          const state = campaign.channel === "CLAIM" ? "CLAIMED" : "ISSUED";
          const result = await this.issuance.advance(row, campaign, state);
          if (result.errors[0]?.code === "IN_PROGRESS") continue;
        }
        settled++;
        this.log.info({ issuanceId: row.id }, "resumed a stale issuance");
      } catch (error) {
        this.log.warn({ issuanceId: row.id, err: String(error) }, "could not resume an issuance; will retry");
      }
    }
    return settled;
  }
}
