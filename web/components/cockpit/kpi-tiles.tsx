"use client";
// The headline figures with their change against the previous period of the same length. Live: a pulse
// replaces the figures (the tile whose figure moved flashes briefly).
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import type { CockpitOverviewFieldsFragment } from "@/lib/gql/graphql";
import type { Locale } from "@/lib/i18n/config";
import { formatChange, formatInteger, formatPercent, formatYuan } from "@/lib/i18n/format";
import { useLiveOverview } from "./live";
import styles from "./cockpit.module.css";

type KpiKey = Exclude<
  keyof CockpitOverviewFieldsFragment,
  "from" | "to" | "previousFrom" | "previousTo" | "__typename"
>;

const TILES: { key: KpiKey; format: "count" | "yuan" | "percent"; /** A rise is bad news. */ inverse?: boolean }[] = [
  { key: "issued", format: "count" },
  { key: "claimed", format: "count" },
  { key: "redeemed", format: "count" },
  { key: "redemptionRate", format: "percent" },
  { key: "cost", format: "yuan" },
  { key: "faceValue", format: "yuan" },
  { key: "activeMembers", format: "count" },
  { key: "expired", format: "count", inverse: true },
  { key: "revoked", format: "count", inverse: true },
];

function formatValue(value: number, format: "count" | "yuan" | "percent", locale: Locale): string {
  if (format === "yuan") return formatYuan(value, locale);
  if (format === "percent") return formatPercent(value, locale);
  return formatInteger(value, locale);
}

export function KpiTiles() {
  const t = useTranslations("cockpit");
  const locale = useLocale() as Locale;
  const { overview, pulses } = useLiveOverview();
  const previous = useRef(overview);
  const [flashing, setFlashing] = useState<Set<KpiKey>>(new Set());

  useEffect(() => {
    const moved = new Set(
      TILES.map((tile) => tile.key).filter((key) => overview[key].current !== previous.current[key].current),
    );
    previous.current = overview;
    if (moved.size === 0) return;
    setFlashing(moved);
    const timer = setTimeout(() => setFlashing(new Set()), 1500);
    return () => clearTimeout(timer);
  }, [overview, pulses]);

  return (
    <section aria-label={t("tiles.label")}>
      <ul className={styles.tiles} role="list">
        {TILES.map(({ key, format, inverse }) => {
          const kpi = overview[key];
          const change = formatChange(kpi.change, locale);
          const trend = !kpi.change ? "flat" : kpi.change > 0 !== Boolean(inverse) ? "up" : "down";
          return (
            <li
              key={key}
              className={styles.tile}
              data-testid={`kpi-${key}`}
              data-flash={flashing.has(key) || undefined}
            >
              <span className={styles.tileLabel}>{t(`kpi.${key}`)}</span>
              <span className={styles.tileValue} data-testid={`kpi-${key}-value`} data-value={kpi.current}>
                {formatValue(kpi.current, format, locale)}
              </span>
              <span className={styles.tileChange} data-trend={trend}>
                {change === null
                  ? t("tiles.noPrevious")
                  : t("tiles.change", { change, previous: formatValue(kpi.previous, format, locale) })}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
