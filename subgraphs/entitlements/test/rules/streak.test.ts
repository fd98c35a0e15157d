// Streak arithmetic and event validation as pure functions.
import { addDays, completedBlockEnd, daysBetween, overlappingEnds, streakDay } from "../../src/domain/rules/streak";
import { validateEvent } from "../../src/domain/rules/ingest-input";

test("an event's day is its date in Asia/Shanghai", () => {
  expect(streakDay(new Date("2026-12-01T15:59:59Z"))).toBe("2026-12-01");
  expect(streakDay(new Date("2026-12-01T16:00:00Z"))).toBe("2026-12-02");
  expect(streakDay(new Date("2026-12-02T00:30:00+08:00"))).toBe("2026-12-02");
});

test("day arithmetic crosses months and years", () => {
  expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  expect(daysBetween("2026-12-25", "2027-01-01")).toBe(7);
});

test.each([
  // run, n, event day, the complete block's last day
  [{ start: "2026-12-01", end: "2026-12-06" }, 7, "2026-12-06", null],
  [{ start: "2026-12-01", end: "2026-12-07" }, 7, "2026-12-07", "2026-12-07"],
  [{ start: "2026-12-01", end: "2026-12-08" }, 7, "2026-12-08", null],
  [{ start: "2026-12-01", end: "2026-12-14" }, 7, "2026-12-14", "2026-12-14"],
  // a late event inside a run: the block its day is in
  [{ start: "2026-12-01", end: "2026-12-14" }, 7, "2026-12-04", "2026-12-07"],
  [{ start: "2026-12-01", end: "2026-12-14" }, 7, "2026-12-09", "2026-12-14"],
  [{ start: "2026-12-01", end: "2026-12-12" }, 7, "2026-12-09", null],
  [{ start: "2026-12-01", end: "2026-12-03" }, 2, "2026-12-01", "2026-12-02"],
  [{ start: "2026-12-01", end: "2026-12-03" }, 2, "2026-12-03", null],
  [{ start: "2026-12-01", end: "2026-12-03" }, 7, "2026-11-30", null],
])("run %j with n=%i: an event on %s completes the block ending %s", (run, n, day, end) => {
  expect(completedBlockEnd(run, n, day)).toBe(end);
});

test("the blocks overlapping one are those ending within n-1 days of it", () => {
  expect(overlappingEnds("2026-12-07", 3)).toEqual(["2026-12-05", "2026-12-06", "2026-12-08", "2026-12-09"]);
});

describe("validateEvent", () => {
  const good = {
    eventId: "order-1",
    memberId: "0B8F6C1E-5D6A-4C3B-9E2F-1A2B3C4D5E6F",
    type: "order.first",
    occurredAt: "2026-12-01T10:00:00+08:00",
  };
  const now = new Date("2026-12-02T00:00:00Z");

  test("accepts a well-formed event and normalises the member id", () => {
    const v = validateEvent({ ...good, data: { orderNo: "A1" } }, now);
    expect(v).toEqual({
      eventId: "order-1",
      memberId: good.memberId.toLowerCase(),
      type: "order.first",
      occurredAt: new Date("2026-12-01T02:00:00Z"),
      data: { orderNo: "A1" },
    });
  });

  test.each([
    [{ eventId: "" }, "eventId"],
    [{ eventId: "has space" }, "eventId"],
    [{ eventId: "x".repeat(201) }, "eventId"],
    [{ memberId: "not-a-uuid" }, "memberId"],
    [{ type: "bad type!" }, "type"],
    [{ occurredAt: "yesterday" }, "occurredAt"],
    [{ occurredAt: "2026-12-02T00:10:00Z" }, "occurredAt"],
    [{ data: { blob: "x".repeat(5000) } }, "data"],
  ])("refuses %j as INVALID_INPUT on %s", (change, field) => {
    expect(validateEvent({ ...good, ...change }, now)).toMatchObject({ code: "INVALID_INPUT", field });
  });
});
