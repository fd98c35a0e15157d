"use client";
// The cockpit's table (TanStack Table v9, headless): sortable headers (aria-sort, a button per sortable column)
// and paging. Client mode sorts and pages the rows it is given; server mode shows the page it is given and
// reports sort and page changes (the server sorts and pages: a breakdown has more groups than one page).
//
//   <DataTable columns={columns} data={rows} rowKey={(r) => r.key} />                      (client mode)
//   <DataTable columns={columns} data={page.rows} rowKey={(r) => r.key}
//     server={{ sorting, pageIndex, pageSize, rowCount, onSortingChange, onPageChange }} />   (server mode)
import {
  createPaginatedRowModel,
  createSortedRowModel,
  rowPaginationFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
  type ColumnDef,
  type PaginationState,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { useMemo, useState, type ReactNode } from "react";
import styles from "./cockpit.module.css";

export const tableFeatureSet = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
  rowPaginationFeature,
  paginatedRowModel: createPaginatedRowModel(),
});
export type TableFeatureSet = typeof tableFeatureSet;
export type DataColumn<T extends RowData> = ColumnDef<TableFeatureSet, T, any>;
export type { SortingState };

export interface ServerPaging {
  sorting: SortingState;
  pageIndex: number;
  pageSize: number;
  /** Rows in all, over every page. */
  rowCount: number;
  onSortingChange: (sorting: SortingState) => void;
  onPageChange: (pageIndex: number) => void;
}

interface Props<T extends RowData> {
  columns: DataColumn<T>[];
  data: T[];
  rowKey: (row: T) => string;
  caption?: string;
  /** Client mode's page size (server mode takes it from `server`). */
  pageSize?: number;
  initialSorting?: SortingState;
  server?: ServerPaging;
  /** Rows become clickable (and keyboard-activatable) when given. */
  onRowClick?: (row: T) => void;
  rowLabel?: (row: T) => string;
  empty?: ReactNode;
  testId?: string;
  busy?: boolean;
}

export function DataTable<T extends RowData>({
  columns,
  data,
  rowKey,
  caption,
  pageSize = 10,
  initialSorting = [],
  server,
  onRowClick,
  rowLabel,
  empty,
  testId,
  busy,
}: Props<T>) {
  const t = useTranslations("table");
  const [localSorting, setLocalSorting] = useState<SortingState>(initialSorting);
  const [localPaging, setLocalPaging] = useState<PaginationState>({ pageIndex: 0, pageSize });
  const sorting = server ? server.sorting : localSorting;
  const pagination = server ? { pageIndex: server.pageIndex, pageSize: server.pageSize } : localPaging;
  const state = useMemo(() => ({ sorting, pagination }), [sorting, pagination]);

  const table = useTable({
    features: tableFeatureSet,
    columns,
    data,
    getRowId: (row) => rowKey(row),
    state,
    manualSorting: Boolean(server),
    manualPagination: Boolean(server),
    rowCount: server?.rowCount,
    enableSortingRemoval: false,
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      if (server) {
        server.onSortingChange(next);
      } else {
        setLocalSorting(next);
        setLocalPaging((p) => ({ ...p, pageIndex: 0 }));
      }
    },
    onPaginationChange: (updater) => {
      const next = typeof updater === "function" ? updater(pagination) : updater;
      if (server) server.onPageChange(next.pageIndex);
      else setLocalPaging(next);
    },
  });

  const rows = table.getRowModel().rows;
  const pageCount = Math.max(1, table.getPageCount());

  return (
    <div className={styles.tableBlock} data-testid={testId} aria-busy={busy || undefined}>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          {caption && <caption className={styles.visuallyHidden}>{caption}</caption>}
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const numeric = (header.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={numeric ? styles.numeric : undefined}
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <button
                          type="button"
                          className={styles.sortButton}
                          onClick={header.column.getToggleSortingHandler()}
                          data-column={header.column.id}
                        >
                          <table.FlexRender header={header} />
                          <span className={styles.sortMark} aria-hidden="true">
                            {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.id}
                data-testid={testId ? `${testId}-row` : undefined}
                data-key={row.id}
                className={onRowClick ? styles.clickable : undefined}
                onClick={onRowClick ? () => onRowClick(row.original) : undefined}
                onKeyDown={
                  onRowClick
                    ? (event) => {
                        if (event.key === "Enter" || event.key === " ") {
                          event.preventDefault();
                          onRowClick(row.original);
                        }
                      }
                    : undefined
                }
                tabIndex={onRowClick ? 0 : undefined}
                aria-label={onRowClick && rowLabel ? rowLabel(row.original) : undefined}
              >
                {row.getAllCells().map((cell) => {
                  const numeric = (cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                  return (
                    <td key={cell.id} className={numeric ? styles.numeric : undefined}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <div className={styles.emptyTable}>{empty ?? t("empty")}</div>}
      </div>
      {pageCount > 1 && (
        <nav className={styles.pager} aria-label={t("pages")}>
          <button type="button" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
            {t("previous")}
          </button>
          <span data-testid={testId ? `${testId}-page` : undefined}>
            {t("page", { page: pagination.pageIndex + 1, pages: pageCount })}
          </span>
          <button type="button" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
            {t("next")}
          </button>
        </nav>
      )}
    </div>
  );
}
