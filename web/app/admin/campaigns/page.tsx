// Tenant admins: their campaigns (state, window, stock, budget, audience, items) with transitions and grants,
// and the form that creates a new one as a draft.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CampaignForm } from "@/components/admin/campaign-form";
import { CampaignList } from "@/components/admin/campaign-list";
import { DashboardHeader } from "@/components/admin/dashboard-header";
import styles from "@/components/admin/admin.module.css";
import campaignStyles from "@/components/admin/campaigns.module.css";
import { LogoutButton } from "@/components/auth/logout-button";
import { loginHref } from "@/lib/auth/return-path";
import { readToken } from "@/lib/auth/session";
import { chinaInputValue } from "@/lib/china-time";
import { formatCount } from "@/lib/format";
import { ADMIN_CAMPAIGN_LIMIT, getAdminCampaigns, getCampaignFormOptions } from "@/lib/graphql/campaigns-admin";

export const metadata: Metadata = { title: "Campaigns" };
export const dynamic = "force-dynamic";

const PATH = "/admin/campaigns";

export default async function AdminCampaignsPage() {
  const token = await readToken();
  if (!token) redirect(loginHref(PATH));

  const [list, options] = await Promise.all([getAdminCampaigns(token), getCampaignFormOptions(token)]);
  if (!list.ok) {
    if (list.failure === "unauthenticated") redirect(loginHref(PATH, "expired"));
    if (list.failure === "forbidden") redirect(loginHref(PATH, "forbidden"));
    return (
      <div className={styles.unavailable} role="status" data-testid="campaigns-unavailable">
        <h1>Campaigns are unavailable right now</h1>
        <p>We could not load your campaigns. Please try again in a moment.</p>
        <LogoutButton />
      </div>
    );
  }
  const { viewer, campaigns } = list.value;
  const formOptions = options.ok ? options.value : null;
  return (
    <>
      <DashboardHeader viewer={viewer} section="campaigns" />
      <div className={campaignStyles.stack}>
        <section className={styles.panel} aria-labelledby="campaigns-title">
          <header className={styles.panelHeader}>
            <h2 id="campaigns-title">Campaigns</h2>
            <span className={styles.viewer}>
              {campaigns.length >= ADMIN_CAMPAIGN_LIMIT ? "the newest " : ""}
              {formatCount(campaigns.length)} {campaigns.length === 1 ? "campaign" : "campaigns"}
            </span>
          </header>
          <CampaignList campaigns={campaigns} options={formOptions} />
        </section>
        <section className={styles.panel} aria-labelledby="new-campaign-title">
          <header className={styles.panelHeader}>
            <h2 id="new-campaign-title">New campaign</h2>
          </header>
          {formOptions ? (
            <CampaignForm {...formOptions} defaultStart={chinaInputValue(new Date().toISOString())} />
          ) : (
            <p className={styles.empty} role="status">
              The org tree and shelf could not be loaded, so campaigns cannot be created right now.
            </p>
          )}
        </section>
      </div>
    </>
  );
}
