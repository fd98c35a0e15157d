// The report pages' pure parts: days and periods in Asia/Shanghai, what a query string may ask for, export links.
import {
  addDays,
  exportHref,
  isDay,
  isId,
  isPeriod,
  monthToDate,
  readGranularity,
  readRange,
  shanghaiPeriod,
  shanghaiToday,
  share,
  shiftPeriod,
  single,
} from "../components/reports/report-params";

describe("days and periods in Asia/Shanghai", () => {
  test("the day and period turn at midnight Beijing time, 16:00 UTC", () => {
    expect(shanghaiToday(new Date("2026-12-31T15:59:59Z"))).toBe("2026-12-31");
    expect(shanghaiToday(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
    expect(shanghaiPeriod(new Date("2026-11-30T16:00:00Z"))).toBe("2026-12");
    expect(monthToDate(new Date("2026-12-07T03:00:00Z"))).toEqual({ from: "2026-12-01", to: "2026-12-07" });
  });

  test("only real days and YYYY-MM periods are accepted", () => {
    expect(isDay("2026-02-28")).toBe(true);
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("2026-2-3")).toBe(false);
    expect(isDay(undefined)).toBe(false);
    expect(isPeriod("2026-12")).toBe(true);
    expect(isPeriod("2026-13")).toBe(false);
    expect(isPeriod("2026-00")).toBe(false);
    expect(isPeriod("2026-12-01")).toBe(false);
  });

  test("periods and days shift across year ends", () => {
    expect(shiftPeriod("2026-12", 1)).toBe("2027-01");
    expect(shiftPeriod("2026-01", -1)).toBe("2025-12");
    expect(shiftPeriod("2026-05", -17)).toBe("2024-12");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("query strings", () => {
  const fallback = { from: "2026-12-01", to: "2026-12-07" };

  test("a range needs two real days, is swapped when reversed, and is at most a year long", () => {
    expect(readRange("2026-11-01", "2026-11-30", fallback)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(readRange("2026-11-30", "2026-11-01", fallback)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(readRange("2026-11-01", undefined, fallback)).toBe(fallback);
    expect(readRange("2026-11-01", "2026-11-31", fallback)).toBe(fallback);
    expect(readRange("2025-01-01", "2025-12-31", fallback)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(readRange("2024-01-01", "2025-12-31", fallback)).toBe(fallback);
  });

  test("granularities, ids and repeated parameters", () => {
    expect(readGranularity("WEEK")).toBe("WEEK");
    expect(readGranularity("week")).toBe("DAY");
    expect(readGranularity(undefined)).toBe("DAY");
    expect(isId("3f1c2b9e-1d2a-4c1b-9f0e-2a3b4c5d6e7f")).toBe(true);
    expect(isId("3f1c2b9e")).toBe(false);
    expect(isId("'; drop table")).toBe(false);
    expect(single(["a", "b"])).toBe("a");
    expect(single("a")).toBe("a");
    expect(single(undefined)).toBeUndefined();
  });
});

test("export links carry the filters given, the format and the language, and leave out empty ones", () => {
  const href = exportHref("campaign", { campaignId: "c1", from: undefined, to: "" }, "csv", "zh-CN");
  expect(href).toBe("/api/export?report=campaign&campaignId=c1&format=csv&lang=zh-CN");
  const recon = new URL(
    exportHref("reconciliation", { from: "2026-12-01", to: "2026-12-07", supplierId: "s&1" }, "xlsx", "en"),
    "http://x",
  );
  expect(Object.fromEntries(recon.searchParams)).toEqual({
    report: "reconciliation",
    from: "2026-12-01",
    to: "2026-12-07",
    supplierId: "s&1",
    format: "xlsx",
    lang: "en",
  });
});

test("a bar's share is 0 without a whole and may pass 1 when over budget", () => {
  expect(share(50, 200)).toBe(0.25);
  expect(share(50, 0)).toBe(0);
  expect(share(300, 200)).toBe(1.5);
  expect(share(-5, 200)).toBe(0);
});
