// Each export report as sections of rows. The detail rows come from
// daily_rollup in keyset pages; the others are the cockpit queries' own
// answers (same scope, same numbers as the dashboard), a breakdown read 500
// groups at a time.
import type { Identity } from "@benefits-hub/platform";
import { checkFilter, checkRange, type CockpitFilter } from "../domain/cockpit/filter";
import { resolveScope } from "../domain/cockpit/scope";
import {
  CHANNEL_LABELS,
  HEADERS,
  MISMATCH_LABELS,
  SECTION_TITLES,
  SUMMARY_LABELS,
  col,
  yuan,
  type Cell,
  type Column,
  type Section,
} from "./columns";
import { NONE_ID, type DetailExportRepository } from "./detail.repository";
import { filterOf, type ExportLang, type ExportParams } from "./params";

type Fen = string | number | bigint;

export interface ExportCounts {
  issued: number;
  claimed: number;
  redeemed: number;
  expired: number;
  revoked: number;
  redemptionRate: number;
  cost: Fen;
  faceValue: Fen;
  issuedCost: Fen;
}

export interface ExportCampaignReport {
  campaignId: string;
  name: string;
  from: string;
  to: string;
  counts: ExportCounts;
  plannedBudget: Fen | null;
  budgetUsed: Fen;
  budgetUsedRatio: number | null;
  costPerRedemption: Fen | null;
  roi: number | null;
  series: { period: string; counts: ExportCounts }[];
  abTest: {
    pValue: number | null;
    winner: string | null;
    variants: {
      variant: string;
      issued: number;
      claimed: number;
      redeemed: number;
      redemptionRate: number;
      rateLow: number;
      rateHigh: number;
      cost: Fen;
      costPerRedemption: Fen | null;
    }[];
  } | null;
}

export interface ExportReconciliation {
  from: string;
  to: string;
  statementLines: number;
  statementTotal: Fen;
  orders: number;
  ordersTotal: Fen;
  entitlementsIssued: number;
  entitlementsRedeemed: number;
  matched: number;
  mismatches: {
    kind: string;
    supplierId: string;
    reference: string;
    skuId: string | null;
    entitlementId: string | null;
    statementAmount: Fen | null;
    orderAmount: Fen | null;
    detail: string;
  }[];
}

/** What the export reads of the cockpit queries (their services, adapted in server.ts). */
export interface ExportQueries {
  breakdown(
    viewer: Identity,
    filter: CockpitFilter,
    args: { dimension: string; sortBy: string; direction: string; first: number; offset: number },
  ): Promise<{ rows: { key: string; label: string; counts: ExportCounts }[]; totalRows: number; totals: ExportCounts }>;
  timeSeries(
    viewer: Identity,
    filter: CockpitFilter,
    granularity: string,
  ): Promise<{ period: string; counts: ExportCounts }[]>;
  campaignReport(
    viewer: Identity,
    campaignId: string,
    range: { from?: string; to?: string },
    granularity: string,
  ): Promise<ExportCampaignReport | null>;
  reconciliation(
    viewer: Identity,
    args: { from: string; to: string; supplierId?: string; tenantId?: string },
  ): Promise<ExportReconciliation>;
}

export interface ExportDocument {
  sections: Section[];
  /** For the file name: the period the export covers. */
  from: string;
  to: string;
  report: string;
}

export class NotFoundError extends Error {}

const COUNT_HEADERS = [
  "issued",
  "claimed",
  "redeemed",
  "expired",
  "revoked",
  "redemptionRate",
  "issuedCost",
  "cost",
  "faceValue",
] as const;

const countColumns = (lang: ExportLang): Column[] =>
  COUNT_HEADERS.map((h) =>
    col(h === "redemptionRate" ? "rate" : h.endsWith("ost") || h === "faceValue" ? "money" : "int", HEADERS[h], lang),
  );

const countCells = (c: ExportCounts): Cell[] => [
  c.issued,
  c.claimed,
  c.redeemed,
  c.expired,
  c.revoked,
  c.redemptionRate,
  BigInt(c.issuedCost),
  BigInt(c.cost),
  BigInt(c.faceValue),
];

async function* fromArray(rows: Cell[][]): AsyncGenerator<Cell[]> {
  yield* rows;
}

/**
 * Builds the document for validated parameters. Throws the cockpit's input errors (bad filter: a 400)
 * before any row is read; reading happens as the writer iterates the sections.
 */
export async function buildExport(
  viewer: Identity,
  params: ExportParams,
  detail: DetailExportRepository,
  queries: ExportQueries,
): Promise<ExportDocument> {
  const lang = params.lang;
  switch (params.report) {
    case "detail": {
      const filter = checkFilter(filterOf(params));
      const scope = resolveScope(viewer, filter.tenantIds);
      const operator = viewer.kind === "member" && viewer.role === "PLATFORM_OPERATOR";
      const named = (id: string, label: string | null) => (id === NONE_ID ? "" : (label ?? id));
      const columns: Column[] = [
        col("text", HEADERS.day, lang),
        ...(operator ? [col("text", HEADERS.tenant, lang)] : []),
        ...(
          [
            "campaign",
            "variant",
            "benefit",
            "sku",
            "channel",
            "orgUnit",
            "tier",
            "category",
            "brand",
            "supplier",
          ] as const
        ).map((h) => col("text", HEADERS[h], lang)),
        ...countColumns(lang),
      ];
      async function* rows(): AsyncGenerator<Cell[]> {
        for await (const r of detail.rows(scope, filter)) {
          yield [
            r.day,
            ...(operator ? [r.tenant_id] : []),
            named(r.campaign_id, r.campaign),
            r.variant,
            named(r.benefit_id, r.benefit),
            named(r.sku_id, r.sku),
            CHANNEL_LABELS[r.channel]?.[lang] ?? r.channel,
            named(r.org_unit_id, r.org_unit),
            r.tier,
            named(r.category_id, r.category),
            named(r.brand_id, r.brand),
            named(r.supplier_id, r.supplier),
            r.issued,
            r.claimed,
            r.redeemed,
            r.expired,
            r.revoked,
            r.issued > 0 ? r.redeemed / r.issued : 0,
            r.issued_cost_fen,
            r.redeemed_cost_fen,
            r.redeemed_face_value_fen,
          ];
        }
      }
      return {
        sections: [{ title: SECTION_TITLES.detail[lang], columns, rows: rows() }],
        from: filter.from,
        to: filter.to,
        report: "detail",
      };
    }
    case "breakdown": {
      const filter = checkFilter(filterOf(params));
      const args = { dimension: params.dimension!, sortBy: params.sortBy, direction: params.direction };
      // The first page now: a refused question is refused before anything is written.
      const first = await queries.breakdown(viewer, filter, { ...args, first: 500, offset: 0 });
      const dimensionLabel = (key: string, label: string) =>
        args.dimension === "CHANNEL" ? (CHANNEL_LABELS[key]?.[lang] ?? label) : label;
      async function* rows(): AsyncGenerator<Cell[]> {
        let page = first;
        for (let offset = 0; ;) {
          for (const r of page.rows) yield [r.key, dimensionLabel(r.key, r.label), ...countCells(r.counts)];
          offset += page.rows.length;
          if (page.rows.length === 0 || offset >= page.totalRows) break;
          page = await queries.breakdown(viewer, filter, { ...args, first: 500, offset });
        }
        yield [HEADERS.total[lang], "", ...countCells(first.totals)];
      }
      return {
        sections: [
          {
            title: SECTION_TITLES.breakdown[lang],
            columns: [col("text", HEADERS.key, lang), col("text", HEADERS.label, lang), ...countColumns(lang)],
            rows: rows(),
          },
        ],
        from: filter.from,
        to: filter.to,
        report: `breakdown-${args.dimension.toLowerCase()}`,
      };
    }
    case "series": {
      const filter = checkFilter(filterOf(params));
      const points = await queries.timeSeries(viewer, filter, params.granularity);
      return {
        sections: [
          {
            title: SECTION_TITLES.series[lang],
            columns: [col("text", HEADERS.period, lang), ...countColumns(lang)],
            rows: fromArray(points.map((p) => [p.period, ...countCells(p.counts)])),
          },
        ],
        from: filter.from,
        to: filter.to,
        report: `series-${params.granularity.toLowerCase()}`,
      };
    }
    case "campaign": {
      // The report's service checks the range (either end may be left out: the campaign's life).
      const report = await queries.campaignReport(
        viewer,
        params.campaignId!,
        { from: params.from, to: params.to },
        params.granularity,
      );
      if (!report) throw new NotFoundError("No such campaign in your scope");
      const S = SUMMARY_LABELS;
      const money = (v: Fen | null) => (v === null ? null : BigInt(v));
      const summary: [string, Cell, Column["kind"]][] = [
        [S.campaign[lang], report.name, "text"],
        [S.from[lang], report.from, "text"],
        [S.to[lang], report.to, "text"],
        [HEADERS.issued[lang], report.counts.issued, "int"],
        [HEADERS.claimed[lang], report.counts.claimed, "int"],
        [HEADERS.redeemed[lang], report.counts.redeemed, "int"],
        [HEADERS.redemptionRate[lang], report.counts.redemptionRate, "rate"],
        [HEADERS.cost[lang], money(report.counts.cost), "money"],
        [HEADERS.faceValue[lang], money(report.counts.faceValue), "money"],
        [S.plannedBudget[lang], money(report.plannedBudget), "money"],
        [S.budgetUsed[lang], money(report.budgetUsed), "money"],
        [S.budgetUsedRatio[lang], report.budgetUsedRatio, "rate"],
        [S.costPerRedemption[lang], money(report.costPerRedemption), "money"],
        [S.roi[lang], report.roi, "rate"],
      ];
      if (report.abTest) {
        summary.push([S.winner[lang], report.abTest.winner ?? "", "text"]);
        summary.push([S.pValue[lang], report.abTest.pValue === null ? null : report.abTest.pValue.toFixed(4), "text"]);
      }
      const sections: Section[] = [summarySection(summary, lang)];
      if (report.abTest) {
        sections.push({
          title: SECTION_TITLES.variants[lang],
          columns: [
            col("text", HEADERS.variant, lang),
            col("int", HEADERS.issued, lang),
            col("int", HEADERS.claimed, lang),
            col("int", HEADERS.redeemed, lang),
            col("rate", HEADERS.redemptionRate, lang),
            col("rate", HEADERS.rateLow, lang),
            col("rate", HEADERS.rateHigh, lang),
            col("money", HEADERS.cost, lang),
            col("money", HEADERS.costPerRedemption, lang),
          ],
          rows: fromArray(
            report.abTest.variants.map((v) => [
              v.variant,
              v.issued,
              v.claimed,
              v.redeemed,
              v.redemptionRate,
              v.rateLow,
              v.rateHigh,
              money(v.cost),
              money(v.costPerRedemption),
            ]),
          ),
        });
      }
      sections.push({
        title: SECTION_TITLES.series[lang],
        columns: [col("text", HEADERS.period, lang), ...countColumns(lang)],
        rows: fromArray(report.series.map((p) => [p.period, ...countCells(p.counts)])),
      });
      return { sections, from: report.from, to: report.to, report: "campaign" };
    }
    case "reconciliation": {
      const range = checkRange(params.from, params.to);
      const result = await queries.reconciliation(viewer, {
        ...range,
        supplierId: params.supplierId,
        tenantId: params.tenantId,
      });
      const S = SUMMARY_LABELS;
      const summary: [string, Cell, Column["kind"]][] = [
        [S.from[lang], result.from, "text"],
        [S.to[lang], result.to, "text"],
        [S.statementLines[lang], result.statementLines, "int"],
        [S.statementTotal[lang], BigInt(result.statementTotal), "money"],
        [S.orders[lang], result.orders, "int"],
        [S.ordersTotal[lang], BigInt(result.ordersTotal), "money"],
        [S.entitlementsIssued[lang], result.entitlementsIssued, "int"],
        [S.entitlementsRedeemed[lang], result.entitlementsRedeemed, "int"],
        [S.matched[lang], result.matched, "int"],
        [S.mismatches[lang], result.mismatches.length, "int"],
      ];
      return {
        sections: [
          summarySection(summary, lang),
          {
            title: SECTION_TITLES.mismatches[lang],
            columns: [
              col("text", HEADERS.kind, lang),
              col("text", HEADERS.supplier, lang),
              col("text", HEADERS.reference, lang),
              col("text", HEADERS.sku, lang),
              col("text", HEADERS.entitlement, lang),
              col("money", HEADERS.statementAmount, lang),
              col("money", HEADERS.orderAmount, lang),
              col("text", HEADERS.detail, lang),
            ],
            rows: fromArray(
              result.mismatches.map((m) => [
                MISMATCH_LABELS[m.kind]?.[lang] ?? m.kind,
                m.supplierId,
                m.reference,
                m.skuId,
                m.entitlementId,
                m.statementAmount === null ? null : BigInt(m.statementAmount),
                m.orderAmount === null ? null : BigInt(m.orderAmount),
                m.detail,
              ]),
            ),
          },
        ],
        from: result.from,
        to: result.to,
        report: "reconciliation",
      };
    }
  }
}

/**
 * A summary as metric/value rows. Values of mixed kinds share one column, so money is written as yuan text
 * and rates as decimals here.
 */
function summarySection(entries: [string, Cell, Column["kind"]][], lang: ExportLang): Section {
  const show = (value: Cell, kind: Column["kind"]): Cell => {
    if (value === null) return null;
    if (kind === "money") return yuan(value);
    if (kind === "rate") return Number(value).toFixed(4);
    return value;
  };
  return {
    title: SECTION_TITLES.summary[lang],
    columns: [col("text", HEADERS.metric, lang), col("text", HEADERS.value, lang)],
    rows: fromArray(entries.map(([label, value, kind]) => [label, show(value, kind)])),
  };
}
