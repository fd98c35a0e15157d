// Exponential backoff with jitter: base × 2^(n-1), capped, ±20 %.

export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
