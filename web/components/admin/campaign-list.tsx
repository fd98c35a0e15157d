// The tenant's campaigns for its admins: state, channel, window, stock, budget, audience and items of each,
// with the transitions its state allows and, for GRANT campaigns, the grant.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { CHINA_TIME_LABEL, formatChinaTime } from "@/lib/china-time";
import { formatCount, formatFen } from "@/lib/format";
import type { AdminCampaign, CampaignFormOptions } from "@/lib/graphql/campaigns-admin";
import { CampaignControls } from "./campaign-controls";
import styles from "./admin.module.css";
import campaignStyles from "./campaigns.module.css";

const CHANNEL_LABELS: Record<AdminCampaign["channel"], string> = {
  CLAIM: "Members claim",
  GRANT: "Admins grant",
  RULE: "Issued by rules",
};

type Names = Map<string, string>;

function audienceText(campaign: AdminCampaign, units: Names, segments: Names): string {
  const { audience } = campaign;
  if (audience.everyone) return "Everyone in the company";
  const parts: string[] = [];
  if (audience.orgUnitIds.length) {
    parts.push(`units ${audience.orgUnitIds.map((id) => units.get(id) ?? "(unknown unit)").join(", ")}`);
  }
  if (audience.segmentIds.length) {
    parts.push(`segments ${audience.segmentIds.map((id) => segments.get(id) ?? "(unknown segment)").join(", ")}`);
  }
  if (audience.memberIds.length) {
    parts.push(`${formatCount(audience.memberIds.length)} ${audience.memberIds.length === 1 ? "member" : "members"}`);
  }
  return parts.join("; ");
}

function stockText(campaign: AdminCampaign): string {
  const issued = `${formatCount(campaign.issuedCount)} issued`;
  if (campaign.totalLimit === null) return `${issued}, no stock limit`;
  return `${issued} of ${formatCount(campaign.totalLimit)} (${formatCount(campaign.remaining ?? 0)} left)`;
}

function windowText(campaign: AdminCampaign): string {
  const start = formatChinaTime(campaign.startsAt);
  return campaign.endsAt ? `${start} to ${formatChinaTime(campaign.endsAt)}` : `from ${start}, no end`;
}

export function CampaignList({
  campaigns,
  options,
}: {
  campaigns: readonly AdminCampaign[];
  options: CampaignFormOptions | null;
}) {
  const tReports = useTranslations("reports.campaign");
  if (campaigns.length === 0) {
    return <p className={styles.empty}>No campaigns yet. Create the first one below.</p>;
  }
  const units: Names = new Map(options?.units.map((unit) => [unit.id, unit.name]));
  const segments: Names = new Map(options?.segments.map((segment) => [segment.id, segment.name]));
  return (
    <ul className={campaignStyles.list}>
      {campaigns.map((campaign) => (
        <li
          key={campaign.id}
          className={campaignStyles.campaign}
          data-testid="admin-campaign"
          data-campaign-id={campaign.id}
          data-state={campaign.state}
        >
          <div className={campaignStyles.campaignHead}>
            <div>
              <h3 className={campaignStyles.campaignName} data-testid="admin-campaign-name">
                {campaign.name}
              </h3>
              <p className={styles.offerSub}>
                {CHANNEL_LABELS[campaign.channel]}
                {campaign.kind === "PACK" &&
                  ` · pack: choose ${campaign.packChoose ?? "?"} within ${formatFen(campaign.packAllowanceFen ?? 0)}`}
              </p>
              <Link href={`/admin/campaigns/${campaign.id}/report`} data-testid="admin-campaign-report">
                {tReports("listLink")} →
              </Link>
            </div>
            <span className={campaignStyles.state} data-state={campaign.state} data-testid="admin-campaign-state">
              {campaign.state.charAt(0) + campaign.state.slice(1).toLowerCase()}
            </span>
          </div>
          <dl className={campaignStyles.facts}>
            <div>
              <dt>When ({CHINA_TIME_LABEL})</dt>
              <dd>{windowText(campaign)}</dd>
            </div>
            <div>
              <dt>Stock</dt>
              <dd data-testid="admin-campaign-stock">{stockText(campaign)}</dd>
            </div>
            <div>
              <dt>Per member</dt>
              <dd>{formatCount(campaign.perMemberLimit)}</dd>
            </div>
            <div>
              <dt>Budget</dt>
              <dd>
                {campaign.budgetOrgUnit.name}, {campaign.budgetPeriod}
              </dd>
            </div>
            <div>
              <dt>Who</dt>
              <dd>{audienceText(campaign, units, segments)}</dd>
            </div>
            <div>
              <dt>Items</dt>
              <dd>
                <ul className={campaignStyles.items}>
                  {campaign.items.map((item) => (
                    <li key={item.id}>
                      <span lang="zh-CN">{item.sku.name}</span> {formatFen(item.costFen)}
                      {item.variant && <span className={campaignStyles.variant}>variant {item.variant}</span>}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          </dl>
          <CampaignControls
            campaign={{ id: campaign.id, name: campaign.name, state: campaign.state, channel: campaign.channel }}
            units={options?.units ?? []}
            segments={options?.segments ?? []}
          />
        </li>
      ))}
    </ul>
  );
}
