// The behaviour every keyed mutation must show (README, Idempotency), checked
// through the gateway: a retry with the same key answers the first result and
// makes one row; the same key with a different request is refused with
// IDEMPOTENCY_CONFLICT and changes nothing; concurrent requests with one key
// have one effect and all answer the same.
import { randomUUID } from "node:crypto";

export interface Keyed<P> {
  /** Sends the mutation with `key`, for a request told apart by `variant` (e.g. a name or slug made from it). */
  send(key: string, variant: string): Promise<P>;
  /** How many rows (or audit entries) the requests of `variant` made. */
  effects(variant: string): Promise<number>;
  /** Concurrent requests in the burst. */
  burst?: number;
}

type Payload = { errors: { code: string }[] };

export async function expectKeyed<P extends Payload>(m: Keyed<P>): Promise<{ first: P; retry: P }> {
  const key = `k-${randomUUID()}`;
  const [a, b, c] = [0, 1, 2].map(() => randomUUID().slice(0, 8));
  const first = await m.send(key, a!);
  expect(first.errors).toEqual([]);
  const retry = await m.send(key, a!);
  expect(retry).toEqual(first);
  expect(await m.effects(a!)).toBe(1);

  const conflict = await m.send(key, b!);
  expect(conflict.errors.map((e) => e.code)).toEqual(["IDEMPOTENCY_CONFLICT"]);
  expect(await m.effects(b!)).toBe(0);

  const burstKey = `k-${randomUUID()}`;
  const answers = await Promise.all(Array.from({ length: m.burst ?? 5 }, () => m.send(burstKey, c!)));
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  expect(answers[0]!.errors).toEqual([]);
  expect(await m.effects(c!)).toBe(1);
  return { first, retry };
}
