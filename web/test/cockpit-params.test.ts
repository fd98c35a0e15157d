// The cockpit's pure parts: its URL state (presets in Asia/Shanghai, fallbacks for malformed values, links),
// the language choice, message fallback and parity, and how money and changes are written.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  chinaToday,
  cockpitFilter,
  cockpitSearch,
  exportHref,
  presetRange,
  readCockpitState,
} from "../components/cockpit/params";
import { chooseLocale, negotiateLocale } from "../lib/i18n/config";
import { formatChange, formatYuan } from "../lib/i18n/format";
import { withFallback } from "../lib/i18n/messages";

const TODAY = "2026-12-07";

describe("date presets (Asia/Shanghai days)", () => {
  test("today is Beijing's day, not UTC's", () => {
    expect(chinaToday(new Date("2026-12-06T16:30:00Z"))).toBe("2026-12-07");
    expect(chinaToday(new Date("2026-12-06T15:59:59Z"))).toBe("2026-12-06");
  });

  test("each preset's days", () => {
    expect(presetRange("7d", TODAY)).toEqual({ from: "2026-12-01", to: TODAY });
    expect(presetRange("30d", TODAY)).toEqual({ from: "2026-11-08", to: TODAY });
    expect(presetRange("month", TODAY)).toEqual({ from: "2026-12-01", to: TODAY });
    expect(presetRange("lastMonth", TODAY)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetRange("quarter", TODAY)).toEqual({ from: "2026-10-01", to: TODAY });
    expect(presetRange("lastMonth", "2027-01-15")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(presetRange("lastMonth", "2028-03-01")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(presetRange("quarter", "2027-03-31")).toEqual({ from: "2027-01-01", to: "2027-03-31" });
  });
});

describe("the dashboard's URL", () => {
  test("defaults: the last 30 days by day, org units by issued, first page", () => {
    expect(readCockpitState({}, TODAY)).toEqual({
      range: "30d",
      from: "2026-11-08",
      to: TODAY,
      granularity: "DAY",
      dimension: "ORG_UNIT",
      sortBy: "ISSUED",
      direction: "DESC",
      pageIndex: 0,
      orgUnitId: null,
    });
  });

  test("a custom range, a dimension, an order, a page and a unit round-trip through the link", () => {
    const org = "7f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    const state = readCockpitState(
      {
        range: "custom",
        from: "2026-01-01",
        to: "2026-06-30",
        dim: "CAMPAIGN",
        sort: "COST",
        dir: "ASC",
        page: "3",
        org,
      },
      TODAY,
    );
    expect(state).toMatchObject({ range: "custom", from: "2026-01-01", to: "2026-06-30", granularity: "WEEK" });
    expect(state).toMatchObject({
      dimension: "CAMPAIGN",
      sortBy: "COST",
      direction: "ASC",
      pageIndex: 2,
      orgUnitId: org,
    });
    const again = readCockpitState(Object.fromEntries(new URLSearchParams(cockpitSearch(state))), TODAY);
    expect(again).toEqual(state);
    expect(cockpitFilter(state)).toEqual({ from: "2026-01-01", to: "2026-06-30", orgUnitIds: [org] });
  });

  test("malformed values fall back to their defaults", () => {
    const state = readCockpitState(
      {
        range: "custom",
        from: "2026-02-30",
        to: "2026-03-01",
        dim: "DROP TABLE",
        sort: "x",
        dir: "up",
        page: "-1",
        org: "../x",
      },
      TODAY,
    );
    expect(state).toMatchObject({ range: "30d", from: "2026-11-08", dimension: "ORG_UNIT", sortBy: "ISSUED" });
    expect(state).toMatchObject({ direction: "DESC", pageIndex: 0, orgUnitId: null });
    // Backwards and over-long ranges too.
    expect(readCockpitState({ range: "custom", from: "2026-05-02", to: "2026-05-01" }, TODAY).range).toBe("30d");
    expect(readCockpitState({ range: "custom", from: "2020-01-01", to: "2026-01-01" }, TODAY).range).toBe("30d");
    expect(readCockpitState({ range: ["7d", "30d"] }, TODAY).range).toBe("7d");
  });

  test("the export link names the breakdown as shown", () => {
    const state = readCockpitState({ range: "lastMonth", dim: "BENEFIT", sort: "REDEEMED" }, TODAY);
    const url = new URL(exportHref(state, "xlsx", "zh-CN"), "http://web");
    expect(url.pathname).toBe("/api/export");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      report: "breakdown",
      dimension: "BENEFIT",
      from: "2026-11-01",
      to: "2026-11-30",
      sortBy: "REDEEMED",
      direction: "DESC",
      format: "xlsx",
      lang: "zh-CN",
    });
  });
});

describe("languages", () => {
  test("the cookie wins, then Accept-Language by weight, then Chinese", () => {
    expect(chooseLocale("en", "zh-CN")).toBe("en");
    expect(chooseLocale("fr", "en-US,en;q=0.9")).toBe("en");
    expect(chooseLocale(undefined, "fr-FR,zh-TW;q=0.8,en;q=0.5")).toBe("zh-CN");
    expect(chooseLocale(undefined, "en;q=0.2,zh;q=0.9")).toBe("zh-CN");
    expect(chooseLocale(undefined, null)).toBe("zh-CN");
    expect(negotiateLocale("de,fr;q=0.5")).toBeNull();
  });

  test("a key missing in Chinese falls back to English, at any depth", () => {
    expect(withFallback({ a: { b: "乙" } }, { a: { b: "B", c: "C" }, d: "D" })).toEqual({
      a: { b: "乙", c: "C" },
      d: "D",
    });
  });

  test("every English message has a Chinese one", () => {
    const dir = fileURLToPath(new URL("../messages/", import.meta.url));
    const keys = (value: unknown, prefix = ""): string[] =>
      typeof value === "object" && value !== null
        ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
        : [prefix.slice(0, -1)];
    for (const file of readdirSync(`${dir}en`)) {
      const en = keys(JSON.parse(readFileSync(`${dir}en/${file}`, "utf8")));
      const zh = new Set(keys(JSON.parse(readFileSync(`${dir}zh-CN/${file}`, "utf8"))));
      expect({ file, missing: en.filter((key) => !zh.has(key)) }).toEqual({ file, missing: [] });
    }
  });

  test("money is fen shown as yuan; changes carry their sign", () => {
    expect(formatYuan("123456", "zh-CN")).toBe("¥1,234.56");
    expect(formatYuan(2500, "en")).toBe("¥25.00");
    expect(formatChange(0.125, "en")).toBe("+12.5%");
    expect(formatChange(-0.03, "zh-CN")).toBe("-3.0%");
    expect(formatChange(null, "en")).toBeNull();
  });
});
