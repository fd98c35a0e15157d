// The delay before a failed outbox row is tried again: `baseMs`, doubled per
// attempt already made, at most `maxMs`.
export function backoffMs(attempts: number, baseMs = 1_000, maxMs = 300_000): number {
  return Math.min(baseMs * 2 ** Math.max(attempts - 1, 0), maxMs);
}
