// One campaign a member can claim from: what it gives, how much stock is left, until when, and the Claim button.
import { CHINA_TIME_LABEL, formatChinaTime } from "@/lib/china-time";
import { formatCount } from "@/lib/format";
import type { ClaimableCampaign } from "@/lib/graphql/campaigns";
import styles from "./campaigns.module.css";
import { ClaimButton } from "./claim-button";

function Stock({ campaign }: { campaign: ClaimableCampaign }) {
  const { remaining, totalLimit } = campaign;
  if (remaining === null || totalLimit === null) return <span data-testid="campaign-remaining">No stock limit</span>;
  const share = totalLimit > 0 ? Math.round((remaining / totalLimit) * 100) : 0;
  return (
    <>
      <span data-testid="campaign-remaining">
        {remaining === 0 ? "None left" : `${formatCount(remaining)} of ${formatCount(totalLimit)} left`}
      </span>
      <span className={styles.meter} aria-hidden="true">
        <span style={{ width: `${share}%` }} />
      </span>
    </>
  );
}

function kindLabel(campaign: ClaimableCampaign): string {
  if (campaign.isPack) return `Pack: choose ${campaign.packChoose ?? ""}`;
  return campaign.totalLimit === null ? "For you" : "Limited offer";
}

export function CampaignCard({ campaign }: { campaign: ClaimableCampaign }) {
  const titleId = `campaign-${campaign.id}`;
  const soldOut = campaign.remaining === 0;
  return (
    <article className={styles.card} aria-labelledby={titleId} data-testid="campaign" data-campaign-id={campaign.id}>
      <div>
        <p className={styles.kind}>{kindLabel(campaign)}</p>
        <h3 className={styles.name} id={titleId} data-testid="campaign-name">
          {campaign.name}
        </h3>
        {campaign.description && <p className={styles.description}>{campaign.description}</p>}
      </div>
      <ul className={styles.items} aria-label="What you get">
        {campaign.items.map((item) => (
          <li key={item.id}>
            <span lang="zh-CN">{item.sku.name}</span>
            <span className={styles.itemEn}>{item.sku.nameEn}</span>
          </li>
        ))}
      </ul>
      {campaign.isPack && (
        <p className={styles.note}>
          Claim the pack, then choose {campaign.packChoose ?? "your"} of these in your wallet.
        </p>
      )}
      {!campaign.isPack && campaign.hasVariants && (
        <p className={styles.note}>You get one of these: the company is trying both.</p>
      )}
      <dl className={styles.facts}>
        <dt>Stock</dt>
        <dd className={styles.stock}>
          <Stock campaign={campaign} />
        </dd>
        <dt>Ends</dt>
        <dd data-testid="campaign-ends">
          {campaign.endsAt ? (
            <time dateTime={campaign.endsAt} title={CHINA_TIME_LABEL}>
              {formatChinaTime(campaign.endsAt)} <span className={styles.zone}>UTC+8</span>
            </time>
          ) : (
            "No end date"
          )}
        </dd>
        <dt>Limit</dt>
        <dd data-testid="campaign-limit">
          {campaign.perMemberLimit === 1 ? "1 per person" : `${campaign.perMemberLimit} per person`}
          {campaign.claimedByMe > 0 && ` · you have ${campaign.claimedByMe}`}
        </dd>
      </dl>
      <ClaimButton
        campaignId={campaign.id}
        soldOut={soldOut}
        limitReached={!soldOut && campaign.remainingForMe === 0}
      />
    </article>
  );
}
