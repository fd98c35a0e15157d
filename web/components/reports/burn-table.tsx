"use client";
// The units below the one shown, with their budget figures for the period: sortable by any column (the cockpit's
// DataTable), each unit's name a link one level down.
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable, type DataColumn } from "@/components/cockpit/data-table";
import type { Locale } from "@/lib/i18n/config";
import { formatPercent, formatYuan } from "@/lib/i18n/format";

export interface BurnRow {
  id: string;
  name: string;
  href: string;
  /** Fen, as the API writes them. */
  allocated: string;
  reserved: string;
  committed: string;
  released: string;
  remaining: string;
}

const MONEY = ["allocated", "reserved", "committed", "released", "remaining"] as const;

export function BurnTable({ rows }: { rows: BurnRow[] }) {
  const t = useTranslations("reports.burn");
  const locale = useLocale() as Locale;
  const columns = useMemo<DataColumn<BurnRow>[]>(
    () => [
      {
        id: "name",
        header: t("unit"),
        accessorFn: (row) => row.name,
        sortFn: "text",
        cell: ({ row }) => (
          <Link
            href={row.original.href}
            data-testid="burn-row-name"
            aria-label={t("drill", { unit: row.original.name })}
          >
            {row.original.name}
          </Link>
        ),
      },
      ...MONEY.map((key): DataColumn<BurnRow> => ({
        id: key,
        header: t(key),
        accessorFn: (row) => Number(row[key]),
        sortFn: "basic",
        sortDescFirst: true,
        meta: { numeric: true },
        cell: ({ row }) => formatYuan(row.original[key], locale),
      })),
      {
        id: "burned",
        header: t("burnShare"),
        accessorFn: (row) => (Number(row.allocated) > 0 ? Number(row.committed) / Number(row.allocated) : 0),
        sortFn: "basic",
        sortDescFirst: true,
        meta: { numeric: true },
        cell: ({ getValue }) => formatPercent(getValue() as number, locale),
      },
    ],
    [t, locale],
  );
  return (
    <DataTable
      columns={columns}
      data={rows}
      rowKey={(row) => row.id}
      testId="burn"
      pageSize={20}
      caption={t("childrenTitle")}
    />
  );
}
