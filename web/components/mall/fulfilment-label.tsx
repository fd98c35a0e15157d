import type { FulfilmentKind } from "@/lib/graphql/types";
import styles from "./mall.module.css";

const LABELS: Record<FulfilmentKind, string> = {
  CARD_CODE: "Card code",
  DIRECT_TOPUP: "Direct top-up",
  LINK: "Link",
  INTERNAL_SERVICE: "In-house service",
};

export function FulfilmentLabel({ kind }: { kind: FulfilmentKind }) {
  return (
    <span className={styles.kind} data-kind={kind}>
      {LABELS[kind] ?? kind}
    </span>
  );
}
