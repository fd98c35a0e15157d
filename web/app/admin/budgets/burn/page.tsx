// Budget burn for tenant admins and unit managers: one period (?period=YYYY-MM, this month in Asia/Shanghai by
// default), one unit (?unit=<id>, else the top of the viewer's scope) with its figures and its burn against the
// time gone by, and its child units in a sortable table, each a link one level down.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { DashboardHeader } from "@/components/admin/dashboard-header";
import { BurnChart } from "@/components/reports/burn-chart";
import { BurnSummary } from "@/components/reports/burn-summary";
import { BurnTable, type BurnRow } from "@/components/reports/burn-table";
import { budgetBurnQuery, orgUnitPathQuery } from "@/components/reports/operations";
import { PeriodPicker, burnHref } from "@/components/reports/period-picker";
import { reportFormats } from "@/components/reports/report-format";
import { isId, isPeriod, shanghaiPeriod, single } from "@/components/reports/report-params";
import { ReportUnavailable } from "@/components/reports/report-unavailable";
import styles from "@/components/reports/reports.module.css";
import { loginHref } from "@/lib/auth/return-path";
import { readToken } from "@/lib/auth/session";
import { classifyError, describeError } from "@/lib/graphql/errors";
import { gatewayClient } from "@/lib/graphql/server-client";
import { isLocale } from "@/lib/i18n/config";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reports.burn");
  return { title: t("metaTitle") };
}
export const dynamic = "force-dynamic";

const PATH = "/admin/budgets/burn";

export default async function BudgetBurnPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const token = await readToken();
  if (!token) redirect(loginHref(PATH));
  const query = await searchParams;
  const periodParam = single(query.period);
  const period = isPeriod(periodParam) ? periodParam : shanghaiPeriod();
  const unitParam = single(query.unit);
  const unit = isId(unitParam) ? unitParam : undefined;
  const here = burnHref(period, unit);

  const client = gatewayClient(token);
  const [result, trail] = await Promise.all([
    client.query(budgetBurnQuery, { period, orgUnitId: unit }).toPromise(),
    unit ? client.query(orgUnitPathQuery, { id: unit }).toPromise() : Promise.resolve(null),
  ]);
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure === "unauthenticated") redirect(loginHref(here, "expired"));
    if (failure === "forbidden") redirect(loginHref(here, "forbidden"));
    // A unit id the API refuses outright: the top of the viewer's scope instead.
    if (failure === "invalid" && unit) redirect(burnHref(period));
    console.error(describeError("Budget burn", result.error));
    return <ReportUnavailable retryHref={here} />;
  }
  const me = result.data?.me;
  if (!me) redirect(loginHref(here, "expired"));
  const burns = result.data?.budgetBurn ?? [];
  const self = (unit ? burns.find((b) => b.orgUnitId === unit) : burns[0]) ?? null;
  const children = burns.filter((b) => b !== self);

  const [t, locale] = await Promise.all([getTranslations("reports.burn"), getLocale()]);
  const formats = reportFormats(isLocale(locale) ? locale : "en");
  // The way back up: the unit's ancestors as membership tells them (none shown if that answer failed).
  const ancestors = trail && !trail.error ? (trail.data?.orgUnit?.ancestors ?? []) : [];
  const rows: BurnRow[] = children.map((child) => ({
    id: child.orgUnitId,
    name: child.orgUnitName,
    href: burnHref(period, child.orgUnitId),
    allocated: child.allocated,
    reserved: child.reserved,
    committed: child.committed,
    released: child.released,
    remaining: child.remaining,
  }));
  return (
    <>
      <DashboardHeader
        viewer={{ displayName: me.displayName, role: me.role, tenantName: me.tenant.name }}
        section="budgets"
      />
      <div className={styles.stack} data-testid="budget-burn" data-period={period}>
        <section className={styles.panel} aria-labelledby="burn-title">
          {unit && (
            <nav aria-label={t("trail")}>
              <ol className={styles.crumbs} data-testid="burn-trail">
                <li>
                  <Link href={burnHref(period)}>{t("top")}</Link>
                </li>
                {ancestors.map((a) => (
                  <li key={a.id}>
                    <Link href={burnHref(period, a.id)}>{a.name}</Link>
                  </li>
                ))}
              </ol>
            </nav>
          )}
          <h2 id="burn-title" className={styles.reportTitle} data-testid="burn-unit-name">
            {self ? t("titleFor", { unit: self.orgUnitName }) : t("title")}
          </h2>
          <p className={styles.muted}>{t("subtitle", { period })}</p>
          <div className={styles.toolbar}>
            <PeriodPicker period={period} unit={unit} />
          </div>
        </section>
        {self ? (
          <>
            <BurnSummary burn={self} formats={formats} />
            <BurnChart points={self.burn} period={period} />
            <section className={styles.panel} aria-labelledby="burn-children-title">
              <header className={styles.panelHeader}>
                <h2 id="burn-children-title">{t("childrenTitle")}</h2>
                <span className={styles.muted}>{t("childrenCount", { count: rows.length })}</span>
              </header>
              {rows.length ? (
                <BurnTable rows={rows} />
              ) : (
                <p className={styles.empty} data-testid="burn-no-children">
                  {t("noChildren", { unit: self.orgUnitName })}
                </p>
              )}
            </section>
          </>
        ) : (
          <section className={styles.panel}>
            <p className={styles.empty} role="status" data-testid="burn-empty">
              {t("empty", { period })}
            </p>
          </section>
        )}
      </div>
    </>
  );
}
