// The reconciliation's date range and supplier, as a plain GET form (the URL holds the filter).
import { getTranslations } from "next-intl/server";
import styles from "./reports.module.css";

export async function ReconciliationFilters({
  from,
  to,
  supplierId,
  suppliers,
}: {
  from: string;
  to: string;
  supplierId?: string;
  suppliers: readonly { id: string; name: string }[];
}) {
  const t = await getTranslations("reports.recon");
  // A supplier in the URL that the list does not name (no entitlements from it lately) stays choosable.
  const options =
    supplierId && !suppliers.some((s) => s.id === supplierId)
      ? [...suppliers, { id: supplierId, name: supplierId }]
      : suppliers;
  return (
    <form className={styles.filters} method="get" action="/admin/reconciliation" data-testid="recon-filters">
      <label className={styles.field}>
        {t("from")}
        <input type="date" name="from" defaultValue={from} required />
      </label>
      <label className={styles.field}>
        {t("to")}
        <input type="date" name="to" defaultValue={to} required />
      </label>
      <label className={styles.field}>
        {t("supplier")}
        <select name="supplier" defaultValue={supplierId ?? ""}>
          <option value="">{t("allSuppliers")}</option>
          {options.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={styles.button}>
        {t("apply")}
      </button>
    </form>
  );
}
