// Three-way reconciliation for tenant admins (their tenant) and platform operators (every tenant): the supplier's
// statement lines, our supplier orders and the entitlements issued and redeemed for a date range
// (?from=&to=, days in Asia/Shanghai; this month so far by default), optionally one supplier (?supplier=<id>),
// with every mismatch listed by kind and an export of the same.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { DashboardHeader } from "@/components/admin/dashboard-header";
import { ExportLinks } from "@/components/reports/export-links";
import { MismatchTable, type MismatchRow } from "@/components/reports/mismatch-table";
import { reconciliationQuery } from "@/components/reports/operations";
import { ReconciliationFilters } from "@/components/reports/reconciliation-filters";
import { ReconciliationTotals } from "@/components/reports/reconciliation-totals";
import { reportFormats } from "@/components/reports/report-format";
import { addDays, isId, monthToDate, readRange, single } from "@/components/reports/report-params";
import { ReportUnavailable } from "@/components/reports/report-unavailable";
import styles from "@/components/reports/reports.module.css";
import { loginHref } from "@/lib/auth/return-path";
import { readToken } from "@/lib/auth/session";
import { classifyError, describeError } from "@/lib/graphql/errors";
import { gatewayClient } from "@/lib/graphql/server-client";
import { isLocale } from "@/lib/i18n/config";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reports.recon");
  return { title: t("metaTitle") };
}
export const dynamic = "force-dynamic";

const PATH = "/admin/reconciliation";
/** Entitlements carry no supplier id before a sentinel-free key: the rollups' "none" is this. */
const NO_SUPPLIER = "00000000-0000-0000-0000-000000000000";

export default async function ReconciliationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const token = await readToken();
  if (!token) redirect(loginHref(PATH));
  const query = await searchParams;
  const { from, to } = readRange(single(query.from), single(query.to), monthToDate());
  const supplierParam = single(query.supplier);
  const supplierId = isId(supplierParam) ? supplierParam : undefined;
  const here = `${PATH}?${new URLSearchParams({ from, to, ...(supplierId ? { supplier: supplierId } : {}) })}`;

  // Suppliers to choose from: those the tenant's entitlements came from over the year up to the range's end.
  const supplierFilter = { from: addDays(to, -365), to };
  const result = await gatewayClient(token)
    .query(reconciliationQuery, { from, to, supplierId, supplierFilter })
    .toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure === "unauthenticated") redirect(loginHref(here, "expired"));
    if (failure === "forbidden") redirect(loginHref(here, "forbidden"));
    console.error(describeError("Reconciliation", result.error));
    return <ReportUnavailable retryHref={here} />;
  }
  const me = result.data?.me;
  const recon = result.data?.reconciliation;
  if (!me || !recon) redirect(loginHref(here, "expired"));

  const [t, locale] = await Promise.all([getTranslations("reports.recon"), getLocale()]);
  const formats = reportFormats(isLocale(locale) ? locale : "en");
  const suppliers = (result.data?.suppliers.rows ?? [])
    .filter((row) => row.key !== NO_SUPPLIER)
    .map((row) => ({ id: row.key, name: row.label }));
  const supplierNames = new Map(suppliers.map((s) => [s.id, s.name]));
  const rows: MismatchRow[] = recon.mismatches.map((m, index) => ({
    key: `${m.kind}:${m.supplierId}:${m.reference}:${index}`,
    kind: m.kind,
    supplier: { id: m.supplierId, name: supplierNames.get(m.supplierId) ?? null },
    reference: m.reference,
    skuId: m.skuId ?? null,
    entitlementId: m.entitlementId ?? null,
    statementAmount: m.statementAmount == null ? null : formats.money(m.statementAmount),
    orderAmount: m.orderAmount == null ? null : formats.money(m.orderAmount),
    detail: m.detail,
  }));
  return (
    <>
      <DashboardHeader
        viewer={{ displayName: me.displayName, role: me.role, tenantName: me.tenant.name }}
        section="reconciliation"
      />
      <div className={styles.stack} data-testid="reconciliation" data-from={from} data-to={to}>
        <section className={styles.panel} aria-labelledby="recon-title">
          <h2 id="recon-title" className={styles.reportTitle}>
            {t("title")}
          </h2>
          <p className={styles.muted}>{t("subtitle", { from, to })}</p>
          <div className={styles.toolbar}>
            <ReconciliationFilters from={from} to={to} supplierId={supplierId} suppliers={suppliers} />
            <ExportLinks report="reconciliation" params={{ from, to, supplierId }} />
          </div>
        </section>
        <ReconciliationTotals recon={recon} formats={formats} />
        <section className={styles.panel} aria-labelledby="mismatches-title">
          <header className={styles.panelHeader}>
            <h2 id="mismatches-title">{t("mismatchesTitle")}</h2>
            <span className={styles.muted} data-testid="mismatch-count">
              {t("mismatchesCount", { count: rows.length })}
            </span>
          </header>
          <MismatchTable rows={rows} />
        </section>
      </div>
    </>
  );
}
