// What an export holds, independent of its format: sections (a CSV writes them
// one after another, an XLSX one worksheet each) of typed columns with
// headers in the language asked, and rows that come as an async stream.
import type { ExportLang } from "./params";

export type CellKind = "text" | "int" | "money" | "rate";

export interface Column {
  kind: CellKind;
  header: string;
}

/** A cell: text, a count, money in fen (bigint or a string of digits), a rate (0..1); null is empty. */
export type Cell = string | number | bigint | null;

export interface Section {
  /** The worksheet's name (XLSX) and, when there are several, the title line before the section (CSV). */
  title: string;
  columns: Column[];
  rows: AsyncIterable<Cell[]>;
}

type Labels = Record<ExportLang, string>;

const L = (zh: string, en: string): Labels => ({ "zh-CN": zh, en });

export const HEADERS = {
  day: L("日期", "Day"),
  period: L("周期", "Period"),
  tenant: L("租户", "Tenant"),
  campaign: L("活动", "Campaign"),
  variant: L("版本", "Variant"),
  benefit: L("权益", "Benefit"),
  sku: L("规格", "SKU"),
  channel: L("渠道", "Channel"),
  orgUnit: L("部门", "Org unit"),
  tier: L("会员等级", "Tier"),
  category: L("品类", "Category"),
  brand: L("品牌", "Brand"),
  supplier: L("供应商", "Supplier"),
  key: L("键", "Key"),
  label: L("名称", "Name"),
  issued: L("发放", "Issued"),
  claimed: L("领取", "Claimed"),
  redeemed: L("核销", "Redeemed"),
  expired: L("过期", "Expired"),
  revoked: L("撤销", "Revoked"),
  redemptionRate: L("核销率", "Redemption rate"),
  issuedCost: L("发放成本(元)", "Issued cost (yuan)"),
  cost: L("核销成本(元)", "Cost (yuan)"),
  faceValue: L("核销面值(元)", "Face value (yuan)"),
  rateLow: L("核销率下限(95%)", "Rate low (95%)"),
  rateHigh: L("核销率上限(95%)", "Rate high (95%)"),
  costPerRedemption: L("单次核销成本(元)", "Cost per redemption (yuan)"),
  metric: L("指标", "Metric"),
  value: L("值", "Value"),
  kind: L("类型", "Kind"),
  reference: L("单号", "Reference"),
  entitlement: L("权益凭证", "Entitlement"),
  statementAmount: L("账单金额(元)", "Statement amount (yuan)"),
  orderAmount: L("订单金额(元)", "Order amount (yuan)"),
  detail: L("说明", "Detail"),
  total: L("合计", "Total"),
} satisfies Record<string, Labels>;

export const CHANNEL_LABELS: Record<string, Labels> = {
  CLAIM: L("领取", "Claim"),
  GRANT: L("发放", "Grant"),
  RULE: L("规则", "Rule"),
  PARTNER: L("合作方", "Partner"),
  PURCHASE: L("购买", "Purchase"),
  TRANSFER: L("转赠", "Transfer"),
};

export const MISMATCH_LABELS: Record<string, Labels> = {
  MISSING_IN_STATEMENT: L("账单缺失", "Missing in statement"),
  EXTRA_IN_STATEMENT: L("账单多出", "Extra in statement"),
  AMOUNT_MISMATCH: L("金额或数量不符", "Amount mismatch"),
  ORDER_WITHOUT_ENTITLEMENT: L("订单无对应权益", "Order without entitlement"),
  ENTITLEMENT_WITHOUT_ORDER: L("权益无对应订单", "Entitlement without order"),
};

export const SECTION_TITLES = {
  detail: L("明细", "Detail"),
  breakdown: L("分组", "Breakdown"),
  series: L("趋势", "Time series"),
  summary: L("概要", "Summary"),
  variants: L("A/B 版本", "A/B variants"),
  mismatches: L("差异", "Mismatches"),
} satisfies Record<string, Labels>;

export const SUMMARY_LABELS = {
  campaign: L("活动", "Campaign"),
  from: L("开始日期", "From"),
  to: L("结束日期", "To"),
  plannedBudget: L("计划预算(元)", "Planned budget (yuan)"),
  budgetUsed: L("已用预算(元)", "Budget used (yuan)"),
  budgetUsedRatio: L("预算使用率", "Budget used ratio"),
  costPerRedemption: L("单次核销成本(元)", "Cost per redemption (yuan)"),
  roi: L("投资回报率", "ROI"),
  winner: L("胜出版本", "Winner"),
  pValue: L("p 值", "p-value"),
  statementLines: L("账单行数", "Statement lines"),
  statementTotal: L("账单合计(元)", "Statement total (yuan)"),
  orders: L("订单数", "Orders"),
  ordersTotal: L("订单合计(元)", "Orders total (yuan)"),
  entitlementsIssued: L("发放权益数", "Entitlements issued"),
  entitlementsRedeemed: L("核销权益数", "Entitlements redeemed"),
  matched: L("已匹配", "Matched"),
  mismatches: L("差异数", "Mismatches"),
} satisfies Record<string, Labels>;

export const col = (kind: CellKind, header: Labels, lang: ExportLang): Column => ({ kind, header: header[lang] });

/** Money in fen as yuan with two decimals, exactly (no floating point on the way). */
export function yuan(fen: bigint | number | string): string {
  const value = BigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  return `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}
