// A campaign and its items as claims read them, kept for a second per
// process: during a flash sale thousands of claims read the same row. Stale
// for at most `ttlMs`, which is safe: the hold's guarded update re-checks the
// state, window and stock in the database.
import type { CampaignRepository, CampaignWithItems } from "../../data/campaign.repository";

export class CampaignCache {
  private readonly entries = new Map<string, { row: CampaignWithItems | null; expires: number }>();
  private readonly loading = new Map<string, Promise<CampaignWithItems | null>>();

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly ttlMs = 1_000,
    private readonly maxEntries = 1_000,
  ) {}

  get(tenantId: string, id: string): Promise<CampaignWithItems | null> {
    const key = `${tenantId}/${id}`;
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return Promise.resolve(hit.row);
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.campaigns
        .withItems(tenantId, id)
        .then((row) => {
          if (this.entries.size >= this.maxEntries) this.entries.clear();
          this.entries.set(key, { row, expires: Date.now() + this.ttlMs });
          return row;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }
}
