// In stock or sold out, in words (not only colour).
import styles from "./mall.module.css";

export function StockState({ inStock, compact = false }: { inStock: boolean; compact?: boolean }) {
  return (
    <span
      className={compact ? styles.stockCompact : styles.stock}
      data-in-stock={inStock}
      data-testid={compact ? "offer-stock" : "stock"}
    >
      {inStock ? "In stock" : "Sold out"}
    </span>
  );
}
