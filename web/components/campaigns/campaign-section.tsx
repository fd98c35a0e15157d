// The mall's campaigns (活动): what the member can claim right now, above the shelf. Nothing when there is none;
// a short note when campaigns cannot be loaded (the shelf still works).
import type { ClaimableCampaign } from "@/lib/graphql/campaigns";
import type { Loaded } from "@/lib/graphql/types";
import { CampaignCard } from "./campaign-card";
import styles from "./campaigns.module.css";

export function CampaignSection({ campaigns }: { campaigns: Loaded<ClaimableCampaign[]> }) {
  if (campaigns.ok && campaigns.value.length === 0) return null;
  return (
    <section id="campaigns" className={styles.section} aria-labelledby="campaigns-title" data-testid="campaigns">
      <header className={styles.sectionHeader}>
        <h2 id="campaigns-title">
          <span lang="zh-CN">限时活动</span> Campaigns
        </h2>
        <p>Claim them while they last: they go straight to your wallet.</p>
      </header>
      {campaigns.ok ? (
        <ul className={styles.grid}>
          {campaigns.value.map((campaign) => (
            <li key={campaign.id}>
              <CampaignCard campaign={campaign} />
            </li>
          ))}
        </ul>
      ) : (
        <p className={styles.unavailable} role="status" data-testid="campaigns-unavailable">
          Campaigns are unavailable right now. Please try again in a moment.
        </p>
      )}
    </section>
  );
}
