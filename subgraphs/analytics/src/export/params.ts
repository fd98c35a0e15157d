// The export's query string, checked with zod before anything is read or
// written. Lists come as repeated parameters or comma-separated
// (?campaignIds=a,b or ?campaignIds=a&campaignIds=b).
import { z } from "zod";
import { DIMENSIONS, METRICS } from "../domain/cockpit/breakdown.service";
import { CHANNELS } from "../domain/cockpit/filter";

export const EXPORT_REPORTS = ["detail", "breakdown", "series", "campaign", "reconciliation"] as const;
export type ExportReport = (typeof EXPORT_REPORTS)[number];

export const EXPORT_LANGS = ["zh-CN", "en"] as const;
export type ExportLang = (typeof EXPORT_LANGS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One query-string value: a string given once (a repeated parameter is refused). */
const single = <T extends z.ZodType>(inner: T) =>
  z
    .unknown()
    .superRefine((value, ctx) => {
      if (Array.isArray(value)) ctx.addIssue({ code: "custom", message: "given more than once" });
    })
    .pipe(inner.optional())
    .optional();

/** A list: repeated parameters and comma-separated values, trimmed, empty ones dropped, at most 200. */
const list = (item: z.ZodType<string, string>) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined
        ? undefined
        : (Array.isArray(v) ? v : [v])
            .flatMap((s) => s.split(","))
            .map((s) => s.trim())
            .filter((s) => s !== ""),
    )
    .pipe(z.array(item).max(200, "at most 200 values").optional());

const day = z.string().regex(DAY, "a day written YYYY-MM-DD");
const id = z.string().regex(UUID, "an id");

export const exportParams = z
  .object({
    report: single(z.enum(EXPORT_REPORTS)).default("detail"),
    lang: single(z.enum(EXPORT_LANGS)).default("zh-CN"),
    from: single(day),
    to: single(day),
    campaignIds: list(id),
    variants: list(z.string().max(100)),
    benefitIds: list(id),
    skuIds: list(id),
    categoryIds: list(id),
    brandIds: list(id),
    supplierIds: list(id),
    channels: list(z.enum(CHANNELS)),
    orgUnitIds: list(id),
    tiers: list(z.string().max(100)),
    tenantIds: list(id),
    dimension: single(z.enum(DIMENSIONS)),
    sortBy: single(z.enum(METRICS)).default("ISSUED"),
    direction: single(z.enum(["ASC", "DESC"])).default("DESC"),
    granularity: single(z.enum(["DAY", "WEEK", "MONTH"])).default("DAY"),
    campaignId: single(id),
    supplierId: single(id),
    tenantId: single(id),
  })
  .strict()
  .superRefine((p, ctx) => {
    const need = (field: keyof typeof p, why: string) => {
      if (p[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message: why });
    };
    if (p.report !== "campaign") {
      need("from", "required (YYYY-MM-DD)");
      need("to", "required (YYYY-MM-DD)");
    }
    if (p.report === "breakdown") need("dimension", `required for a breakdown: one of ${DIMENSIONS.join(", ")}`);
    if (p.report === "campaign") need("campaignId", "required for a campaign report");
  });

export type ExportParams = z.infer<typeof exportParams>;

export type ExportFormat = "csv" | "xlsx";

/** The filter part, as the cockpit queries take it. */
export const filterOf = (p: ExportParams) => ({
  from: p.from!,
  to: p.to!,
  campaignIds: p.campaignIds,
  variants: p.variants,
  benefitIds: p.benefitIds,
  skuIds: p.skuIds,
  categoryIds: p.categoryIds,
  brandIds: p.brandIds,
  supplierIds: p.supplierIds,
  channels: p.channels,
  orgUnitIds: p.orgUnitIds,
  tiers: p.tiers,
  tenantIds: p.tenantIds,
});

/** zod's issues as the caller should read them: `field: message`. */
export const describeIssues = (error: z.ZodError) =>
  error.issues.map((issue) => ({
    field: issue.path.join(".") || undefined,
    message: issue.code === "unrecognized_keys" ? `unknown parameters: ${issue.keys.join(", ")}` : issue.message,
  }));
