// The limits' arithmetic, on its own: hard limits per address and the progressive delay per account.
import { hardLimitWait, progressiveWait, type ProgressiveLimit } from "../src/domain/auth-limits";

const minute = 60_000;

describe("hard limit", () => {
  test("below the limit an attempt goes; at it, it waits for the oldest counted attempt to leave", () => {
    expect(hardLimitWait([], 1_000, 3, minute)).toBe(0);
    expect(hardLimitWait([0, 10], 1_000, 3, minute)).toBe(0);
    expect(hardLimitWait([0, 10, 20], 1_000, 3, minute)).toBe(minute - 1_000);
    // Five others, limit three: the third newest must leave.
    expect(hardLimitWait([0, 10, 20, 30, 40], 1_000, 3, minute)).toBe(20 + minute - 1_000);
  });

  test("a concurrent attempt recorded after this one still counts", () => {
    expect(hardLimitWait([0, 5_000], 1_000, 2, minute)).toBe(minute - 1_000);
  });
});

describe("progressive delay", () => {
  const rule: ProgressiveLimit = { freeFailures: 2, firstDelaySeconds: 1, maxDelaySeconds: 8, windowSeconds: 900 };

  test("free failures cost nothing, then each waits twice as long after the previous one, up to the cap", () => {
    expect(progressiveWait([], 0, rule)).toBe(0);
    expect(progressiveWait([0], 100, rule)).toBe(0);
    expect(progressiveWait([0, 100], 100, rule)).toBe(1_000);
    expect(progressiveWait([0, 100, 200], 200, rule)).toBe(2_000);
    expect(progressiveWait([0, 100, 200, 300], 300, rule)).toBe(4_000);
    expect(progressiveWait([0, 100, 200, 300, 400, 500, 600], 600, rule)).toBe(8_000);
  });

  test("the wait runs from the latest failure, so time passing lets the next attempt go", () => {
    expect(progressiveWait([0, 100], 600, rule)).toBe(500);
    expect(progressiveWait([0, 100], 1_100, rule)).toBe(0);
  });
});
