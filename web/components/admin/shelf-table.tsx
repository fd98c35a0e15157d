// The tenant's shelf for its admins: every offer with its price, who sees it, whether it is on, and a price form.
import { formatFen } from "@/lib/format";
import type { AdminShelfItem } from "@/lib/graphql/types";
import styles from "./admin.module.css";
import { PriceForm } from "./price-form";

function audience(item: AdminShelfItem): string {
  const tiers = item.tiers.length ? `Tiers: ${item.tiers.join(", ")}` : "All tiers";
  if (item.segmentCount === 0) return tiers;
  return `${tiers}; ${item.segmentCount} ${item.segmentCount === 1 ? "segment" : "segments"}`;
}

export function ShelfTable({ items }: { items: readonly AdminShelfItem[] }) {
  if (items.length === 0) return <p className={styles.empty}>Nothing is on the shelf yet.</p>;
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Offer</th>
            <th scope="col">Who sees it</th>
            <th scope="col">State</th>
            <th scope="col" className={styles.numeric}>
              Price
            </th>
            <th scope="col">Change price</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid="shelf-item" data-item-id={item.id}>
              <th scope="row">
                <span lang="zh-CN" className={styles.offerName} data-testid="item-name">
                  {item.sku.name}
                </span>
                <span className={styles.offerSub}>
                  <span lang="zh-CN">{item.benefit.name}</span> · {item.sku.nameEn}
                </span>
              </th>
              <td data-testid="item-audience">{audience(item)}</td>
              <td>
                <span className={styles.state} data-active={item.active} data-testid="item-state">
                  {item.active ? "Active" : "Off"}
                </span>
              </td>
              <td className={styles.numeric}>
                <span data-testid="item-price">{formatFen(item.priceFen)}</span>
                <span className={styles.offerSub}>face {formatFen(item.faceValueFen)}</span>
              </td>
              <td>
                <PriceForm id={item.id} priceFen={item.priceFen} label={item.sku.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
