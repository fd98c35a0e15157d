// How an offer reaches its holder, as a small coloured chip in Chinese and English.
import type { FulfilmentKind } from "@/lib/graphql/types";
import styles from "./mall.module.css";

export const FULFILMENT_LABELS: Record<FulfilmentKind, { zh: string; en: string }> = {
  CARD_CODE: { zh: "卡密", en: "Card code" },
  DIRECT_TOPUP: { zh: "直充", en: "Direct top-up" },
  LINK: { zh: "链接", en: "Link" },
  INTERNAL_SERVICE: { zh: "企业服务", en: "In-house service" },
};

export function FulfilmentLabel({ kind }: { kind: FulfilmentKind }) {
  const label = FULFILMENT_LABELS[kind];
  return (
    <span className={styles.kind} data-kind={kind} data-testid="fulfilment">
      {label ? (
        <>
          <span lang="zh-CN">{label.zh}</span> {label.en}
        </>
      ) : (
        kind
      )}
    </span>
  );
}
