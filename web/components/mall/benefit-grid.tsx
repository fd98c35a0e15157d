import type { Benefit } from "@/lib/graphql/types";
import { BenefitCard } from "./benefit-card";
import styles from "./mall.module.css";

export function BenefitGrid({ benefits }: { benefits: Benefit[] }) {
  if (benefits.length === 0) {
    return <p className={styles.notice}>No benefits are on the shelf yet.</p>;
  }
  return (
    <ul className={styles.grid}>
      {benefits.map((benefit) => (
        <li key={benefit.id}>
          <BenefitCard benefit={benefit} />
        </li>
      ))}
    </ul>
  );
}
