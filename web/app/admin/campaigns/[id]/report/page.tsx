// A campaign's report for tenant admins: headline figures with budget and ROI, the time series, the A/B result
// and exports. The period defaults to the campaign's whole life; ?from=&to= (days, Asia/Shanghai) narrow it.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { DashboardHeader } from "@/components/admin/dashboard-header";
import { AbPanel } from "@/components/reports/ab-panel";
import { CampaignKpis } from "@/components/reports/campaign-kpis";
import { CampaignSeries } from "@/components/reports/campaign-series";
import { ExportLinks } from "@/components/reports/export-links";
import { campaignReportQuery } from "@/components/reports/operations";
import { CampaignRangeForm } from "@/components/reports/range-form";
import { reportFormats } from "@/components/reports/report-format";
import { isDay, isId, readGranularity, readRange, single } from "@/components/reports/report-params";
import { ReportUnavailable } from "@/components/reports/report-unavailable";
import styles from "@/components/reports/reports.module.css";
import { loginHref } from "@/lib/auth/return-path";
import { readToken } from "@/lib/auth/session";
import { classifyError, describeError } from "@/lib/graphql/errors";
import { gatewayClient } from "@/lib/graphql/server-client";
import { isLocale } from "@/lib/i18n/config";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reports.campaign");
  return { title: t("metaTitle") };
}
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CampaignReportPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const { id } = await params;
  const path = `/admin/campaigns/${encodeURIComponent(id)}/report`;
  const token = await readToken();
  if (!token) redirect(loginHref(path));
  // Not an id at all: no campaign can have it (the API would refuse it as bad input).
  if (!isId(id)) notFound();

  const query = await searchParams;
  const granularity = readGranularity(single(query.granularity));
  const fromParam = single(query.from);
  const toParam = single(query.to);
  // Both ends or neither: one end alone, or a malformed one, means the campaign's whole life.
  const range = isDay(fromParam) && isDay(toParam) ? readRange(fromParam, toParam, { from: "", to: "" }) : null;
  const from = range?.from || undefined;
  const to = range?.to || undefined;

  const result = await gatewayClient(token)
    .query(campaignReportQuery, { campaignId: id, from, to, granularity })
    .toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure === "unauthenticated") redirect(loginHref(path, "expired"));
    if (failure === "forbidden") redirect(loginHref(path, "forbidden"));
    if (failure === "invalid") notFound();
    console.error(describeError("Campaign report", result.error));
    return <ReportUnavailable retryHref={path} />;
  }
  const me = result.data?.me;
  if (!me) redirect(loginHref(path, "expired"));
  const report = result.data?.campaignReport ?? null;
  const campaign = result.data?.campaign ?? null;
  // Neither side knows it: no such campaign for this viewer (another tenant's reads the same).
  if (!report && !campaign) notFound();
  const name = report?.name ?? campaign?.name ?? "";
  const campaignId = report?.campaignId ?? campaign?.id ?? id;

  const [t, locale] = await Promise.all([getTranslations("reports.campaign"), getLocale()]);
  const formats = reportFormats(isLocale(locale) ? locale : "en");
  return (
    <>
      <DashboardHeader
        viewer={{ displayName: me.displayName, role: me.role, tenantName: me.tenant.name }}
        section="campaigns"
      />
      <div className={styles.stack} data-testid="campaign-report" data-campaign-id={campaignId}>
        <section className={styles.panel} aria-labelledby="report-title">
          <ol className={styles.crumbs}>
            <li>
              <Link href="/admin/campaigns">{t("back")}</Link>
            </li>
            <li>{t("crumb")}</li>
          </ol>
          <h2 id="report-title" className={styles.reportTitle} data-testid="report-title">
            {name}
          </h2>
          <p className={styles.muted} data-testid="report-period">
            {from && to ? t("period", { from, to }) : t("wholeLife")}
          </p>
          <div className={styles.toolbar}>
            <CampaignRangeForm action={path} from={from} to={to} granularity={granularity} />
            <ExportLinks report="campaign" params={{ campaignId, from, to }} />
          </div>
        </section>
        {report ? (
          <>
            <CampaignKpis report={report} formats={formats} />
            <CampaignSeries series={report.series} granularity={granularity} />
            <AbPanel abTest={report.abTest ?? null} formats={formats} />
          </>
        ) : (
          // The campaign exists, but nothing it issued has reached the cockpit yet.
          <section className={styles.panel}>
            <p className={styles.empty} role="status" data-testid="report-no-activity">
              {t("noActivity")}
            </p>
          </section>
        )}
      </div>
    </>
  );
}
