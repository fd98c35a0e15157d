"use client";
// The breakdown: one row per group of the chosen dimension, sorted and paged by the server (a dimension may
// have thousands of groups). Clicking an org unit's row drills into it (the whole dashboard then shows that
// unit and everything under it). Export links download the same breakdown as CSV or XLSX.
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useTransition } from "react";
import type { Locale } from "@/lib/i18n/config";
import { formatInteger, formatPercent, formatYuan } from "@/lib/i18n/format";
import type { CockpitData } from "./load";
import { DataTable, type DataColumn, type SortingState } from "./data-table";
import {
  cockpitSearch,
  DIMENSIONS,
  exportHref,
  PAGE_SIZE,
  type CockpitState,
  type Dimension,
  type Metric,
} from "./params";
import styles from "./cockpit.module.css";

type Breakdown = CockpitData["cockpitBreakdown"];
type Row = Breakdown["rows"][number];

const NO_ID = "00000000-0000-0000-0000-000000000000";
const METRIC_OF: Record<string, Metric> = {
  issued: "ISSUED",
  claimed: "CLAIMED",
  redeemed: "REDEEMED",
  redemptionRate: "REDEMPTION_RATE",
  cost: "COST",
  faceValue: "FACE_VALUE",
};
const COLUMN_OF = Object.fromEntries(Object.entries(METRIC_OF).map(([column, metric]) => [metric, column]));

interface Props {
  breakdown: Breakdown;
  state: CockpitState;
  path: string;
}

export function BreakdownPanel({ breakdown, state, path }: Props) {
  const t = useTranslations("cockpit");
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const drillable = state.dimension === "ORG_UNIT";

  const go = (next: Partial<CockpitState>) =>
    startTransition(() => router.push(`${path}?${cockpitSearch({ ...state, ...next })}`, { scroll: false }));

  const labelOf = (row: Row) => {
    if (row.key === "" || row.key === NO_ID) return t("breakdown.none");
    if (state.dimension === "CHANNEL" && t.has(`channel.${row.key}`)) return t(`channel.${row.key}`);
    return row.label || row.key;
  };

  const columns = useMemo<DataColumn<Row>[]>(() => {
    const count = (key: "issued" | "claimed" | "redeemed"): DataColumn<Row> => ({
      id: key,
      header: t(`kpi.${key}`),
      accessorFn: (row) => row.counts[key],
      cell: (info) => formatInteger(info.getValue() as number, locale),
      meta: { numeric: true },
    });
    const money = (key: "cost" | "faceValue"): DataColumn<Row> => ({
      id: key,
      header: t(`kpi.${key}`),
      accessorFn: (row) => Number(row.counts[key]),
      cell: (info) => formatYuan(info.getValue() as number, locale),
      meta: { numeric: true },
    });
    return [
      {
        id: "label",
        header: t(`dimension.${state.dimension}`),
        accessorFn: (row) => row.label,
        enableSorting: false,
        cell: (info) => {
          const row = info.row.original;
          return (
            <span data-testid="breakdown-label">
              {labelOf(row)}
              {drillable && row.key !== NO_ID && (
                <span className={styles.drillHint} aria-hidden="true">
                  {" "}
                  ›
                </span>
              )}
            </span>
          );
        },
      },
      count("issued"),
      count("claimed"),
      count("redeemed"),
      {
        id: "redemptionRate",
        header: t("kpi.redemptionRate"),
        accessorFn: (row) => row.counts.redemptionRate,
        cell: (info) => formatPercent(info.getValue() as number, locale),
        meta: { numeric: true },
      },
      money("cost"),
      money("faceValue"),
    ];
    // labelOf reads t, locale and the state's dimension, all listed.
  }, [t, locale, state.dimension, drillable]);

  const sorting: SortingState = [{ id: COLUMN_OF[state.sortBy] ?? "issued", desc: state.direction === "DESC" }];

  return (
    <section className={styles.panel} aria-labelledby="cockpit-breakdown-title" data-testid="cockpit-breakdown">
      <header className={styles.panelHeader}>
        <h2 id="cockpit-breakdown-title">{t("breakdown.title")}</h2>
        <label className={styles.field}>
          {t("breakdown.dimension")}
          <select
            value={state.dimension}
            data-testid="breakdown-dimension"
            onChange={(event) => go({ dimension: event.target.value as Dimension, pageIndex: 0 })}
          >
            {DIMENSIONS.map((dimension) => (
              <option key={dimension} value={dimension}>
                {t(`dimension.${dimension}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <DataTable
        columns={columns}
        data={breakdown.rows}
        rowKey={(row) => row.key || "-"}
        caption={t("breakdown.caption", { dimension: t(`dimension.${state.dimension}`) })}
        testId="breakdown"
        busy={pending}
        empty={t("empty.period")}
        server={{
          sorting,
          pageIndex: state.pageIndex,
          pageSize: PAGE_SIZE,
          rowCount: breakdown.totalRows,
          onSortingChange: (next) => {
            const first = next[0];
            const metric = first && METRIC_OF[first.id];
            if (metric) go({ sortBy: metric, direction: first.desc ? "DESC" : "ASC", pageIndex: 0 });
          },
          onPageChange: (pageIndex) => go({ pageIndex }),
        }}
        onRowClick={drillable ? (row) => row.key !== NO_ID && go({ orgUnitId: row.key, pageIndex: 0 }) : undefined}
        rowLabel={(row) => t("drill.into", { unit: labelOf(row) })}
      />
      <div className={styles.exports}>
        <span className={styles.rangeText}>{t("export.label")}</span>
        <a className={styles.exportLink} href={exportHref(state, "csv", locale)} data-testid="export-csv" download>
          CSV
        </a>
        <a className={styles.exportLink} href={exportHref(state, "xlsx", locale)} data-testid="export-xlsx" download>
          Excel (XLSX)
        </a>
      </div>
    </section>
  );
}
