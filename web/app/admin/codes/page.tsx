// Platform operators: card-code stock per SKU, open low-stock alerts, and the CSV import of new codes.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CodeStockTable } from "@/components/admin/code-stock-table";
import { CodeUploadForm } from "@/components/admin/code-upload-form";
import { DashboardHeader } from "@/components/admin/dashboard-header";
import styles from "@/components/admin/admin.module.css";
import codeStyles from "@/components/admin/codes.module.css";
import { LogoutButton } from "@/components/auth/logout-button";
import { loginHref } from "@/lib/auth/return-path";
import { readToken } from "@/lib/auth/session";
import { formatCount } from "@/lib/format";
import { getCodeStock } from "@/lib/graphql/codes-admin";

export const metadata: Metadata = { title: "Card codes" };
export const dynamic = "force-dynamic";

const PATH = "/admin/codes";

/** "2026-12-02 14:41 UTC"; the raw text if it is not a date. */
function utcMinute(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export default async function AdminCodesPage() {
  const token = await readToken();
  if (!token) redirect(loginHref(PATH));

  const stock = await getCodeStock(token);
  if (!stock.ok) {
    if (stock.failure === "unauthenticated") redirect(loginHref(PATH, "expired"));
    if (stock.failure === "forbidden") redirect(loginHref(PATH, "forbidden"));
    return (
      <div className={styles.unavailable} role="status" data-testid="codes-unavailable">
        <h1>Card-code stock is unavailable right now</h1>
        <p>We could not load the code pools. Please try again in a moment.</p>
        <LogoutButton />
      </div>
    );
  }
  const { viewer, skus, alerts } = stock.value;
  return (
    <>
      <DashboardHeader viewer={viewer} section="codes" />
      <div className={codeStyles.stack}>
        <section className={styles.panel} aria-labelledby="upload-title">
          <header className={styles.panelHeader}>
            <h2 id="upload-title">Import card codes</h2>
          </header>
          <CodeUploadForm skus={skus.map(({ id, name, nameEn }) => ({ id, name, nameEn }))} />
        </section>
        {alerts.length > 0 && (
          <section
            className={`${styles.panel} ${codeStyles.alerts}`}
            aria-labelledby="alerts-title"
            data-testid="low-stock-alerts"
          >
            <header className={styles.panelHeader}>
              <h2 id="alerts-title">Low stock</h2>
              <span className={styles.viewer}>
                {formatCount(alerts.length)} open {alerts.length === 1 ? "alert" : "alerts"}
              </span>
            </header>
            <ul className={codeStyles.alertList}>
              {alerts.map((alert) => (
                <li key={alert.skuId} data-testid="low-stock-alert" data-sku-id={alert.skuId}>
                  <strong lang="zh-CN">{alert.skuName}</strong>: {formatCount(alert.stock)} left (alert below{" "}
                  {formatCount(alert.threshold)}), since{" "}
                  <time dateTime={alert.openedAt}>{utcMinute(alert.openedAt)}</time>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section className={styles.panel} aria-labelledby="stock-title">
          <header className={styles.panelHeader}>
            <h2 id="stock-title">Code pools</h2>
            <span className={styles.viewer}>
              {formatCount(skus.length)} {skus.length === 1 ? "SKU" : "SKUs"}
            </span>
          </header>
          <CodeStockTable skus={skus} />
        </section>
      </div>
    </>
  );
}
