"use client";
// The reconciliation's mismatches: a chip per kind (with its count) to filter by, then the rows of that kind,
// sortable and paged (the cockpit's DataTable). Amounts come formatted from the server.
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { DataTable, type DataColumn } from "@/components/cockpit/data-table";
import { MISMATCH_KINDS, type MismatchKind } from "./report-params";
import styles from "./reports.module.css";

export interface MismatchRow {
  key: string;
  kind: MismatchKind;
  /** The supplier's name when the cockpit knows it. */
  supplier: { id: string; name: string | null };
  reference: string;
  skuId: string | null;
  entitlementId: string | null;
  statementAmount: string | null;
  orderAmount: string | null;
  detail: string;
}

export const MISMATCH_PAGE_SIZE = 20;

export function MismatchTable({ rows }: { rows: MismatchRow[] }) {
  const t = useTranslations("reports.recon");
  const [kind, setKind] = useState<MismatchKind | null>(null);
  const counts = useMemo(() => {
    const byKind = new Map<MismatchKind, number>();
    for (const row of rows) byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + 1);
    return byKind;
  }, [rows]);
  const shown = useMemo(() => (kind ? rows.filter((row) => row.kind === kind) : rows), [rows, kind]);
  const columns = useMemo<DataColumn<MismatchRow>[]>(
    () => [
      {
        id: "kind",
        header: t("kind"),
        accessorFn: (row) => row.kind,
        sortFn: "text",
        cell: ({ row }) => (
          <span className={styles.kind} title={t(`kindHelp.${row.original.kind}`)}>
            {t(`kinds.${row.original.kind}`)}
          </span>
        ),
      },
      {
        id: "supplier",
        header: t("supplier"),
        accessorFn: (row) => row.supplier.name ?? row.supplier.id,
        sortFn: "text",
        // A supplier the tenant's entitlements never named: its id, shortened (the whole id in the tooltip).
        cell: ({ row }) =>
          row.original.supplier.name ?? (
            <span className={styles.code} title={row.original.supplier.id}>
              {row.original.supplier.id.slice(0, 8)}…
            </span>
          ),
      },
      {
        id: "reference",
        header: t("reference"),
        accessorFn: (row) => row.reference,
        sortFn: "alphanumeric",
        cell: ({ row }) => <span className={styles.code}>{row.original.reference}</span>,
      },
      {
        id: "statementAmount",
        header: t("statementAmount"),
        accessorFn: (row) => row.statementAmount ?? "—",
        enableSorting: false,
        meta: { numeric: true },
      },
      {
        id: "orderAmount",
        header: t("orderAmount"),
        accessorFn: (row) => row.orderAmount ?? "—",
        enableSorting: false,
        meta: { numeric: true },
      },
      {
        id: "detail",
        header: t("detail"),
        accessorFn: (row) => row.detail,
        enableSorting: false,
        cell: ({ row }) => <span className={styles.detail}>{row.original.detail}</span>,
      },
    ],
    [t],
  );
  if (rows.length === 0) {
    return (
      <p className={styles.empty} data-testid="mismatches-none">
        {t("noMismatches")}
      </p>
    );
  }
  return (
    <>
      <div className={styles.kindChips} role="group" aria-label={t("filterLabel")} data-testid="mismatch-kinds">
        <button
          type="button"
          className={styles.buttonQuiet}
          aria-pressed={kind === null}
          onClick={() => setKind(null)}
          data-kind="ALL"
        >
          {t("allKinds")} ({rows.length})
        </button>
        {MISMATCH_KINDS.filter((k) => counts.has(k)).map((k) => (
          <button
            key={k}
            type="button"
            className={styles.buttonQuiet}
            aria-pressed={kind === k}
            onClick={() => setKind(k)}
            title={t(`kindHelp.${k}`)}
            data-kind={k}
          >
            {t(`kinds.${k}`)} ({counts.get(k)})
          </button>
        ))}
      </div>
      <DataTable
        // A new filter starts on the first page.
        key={kind ?? "ALL"}
        columns={columns}
        data={shown}
        rowKey={(row) => row.key}
        testId="mismatch"
        pageSize={MISMATCH_PAGE_SIZE}
        caption={t("mismatchesTitle")}
        empty={t("noneOfKind")}
      />
    </>
  );
}
