import { formatFen } from "@/lib/format";
import type { Benefit } from "@/lib/graphql/types";
import { FulfilmentLabel } from "./fulfilment-label";
import styles from "./mall.module.css";

export function BenefitCard({ benefit }: { benefit: Benefit }) {
  return (
    <article className={styles.card} data-testid={`benefit-${benefit.id}`}>
      <header className={styles.cardHeader}>
        <span className={styles.category}>{benefit.category}</span>
        <FulfilmentLabel kind={benefit.fulfilmentKind} />
      </header>
      <h2 className={styles.name}>{benefit.name}</h2>
      <p className={styles.description}>{benefit.description}</p>
      <p className={styles.price}>
        <span className={styles.priceLabel}>Face value</span>
        {formatFen(benefit.faceValueFen)}
      </p>
    </article>
  );
}
