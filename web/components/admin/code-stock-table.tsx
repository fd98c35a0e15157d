// The code pools for operators: each card-code SKU with its available codes; SKUs with an open low-stock alert stand out.
import { formatCount } from "@/lib/format";
import type { CodeSku } from "@/lib/graphql/codes-admin";
import styles from "./admin.module.css";
import codeStyles from "./codes.module.css";

export function CodeStockTable({ skus }: { skus: readonly CodeSku[] }) {
  if (skus.length === 0) return <p className={styles.empty}>No SKU is fulfilled from card codes yet.</p>;
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col" className={styles.numeric}>
              Alert below
            </th>
            <th scope="col" className={styles.numeric}>
              Codes in stock
            </th>
          </tr>
        </thead>
        <tbody>
          {skus.map((sku) => (
            <tr key={sku.id} data-testid="code-sku" data-sku-id={sku.id} data-low={sku.low} className={codeStyles.row}>
              <th scope="row">
                <span lang="zh-CN" className={styles.offerName} data-testid="code-sku-name">
                  {sku.name}
                </span>
                <span className={styles.offerSub}>
                  <span lang="zh-CN">{sku.benefit.name}</span> · {sku.nameEn}
                </span>
              </th>
              <td className={styles.numeric}>{formatCount(sku.lowStockThreshold)}</td>
              <td className={styles.numeric}>
                {sku.low && <span className={codeStyles.lowBadge}>Low</span>}
                <span data-testid="code-sku-stock">{formatCount(sku.stock)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
