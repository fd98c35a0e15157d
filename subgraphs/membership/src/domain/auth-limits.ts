// Limits on logins and refreshes, counted in sliding windows in a store every membership process shares
// (data/auth-attempts.*). Three counters, each keyed by what the caller says, never by whether an account exists:
// - per client address: failed logins and refreshes; past the limit the address is refused until its oldest
//   failure leaves the window (throttles one attacker, whatever accounts it tries);
// - per account and address, then per account from anywhere: a few failures are free, each further attempt waits
//   twice as long as the one before after the latest failure, up to a short cap. A stranger can slow the owner down
//   by at most that cap, never lock them out, while guessing one account stays at a few tries a minute.
// Every attempt is counted before the password is checked (so parallel guesses count each other) and uncounted
// when it succeeds or is refused, so refused attempts never extend a limit.
import type { AttemptStore, RecordedAttempt } from "../data/auth-attempts.store";

export interface ProgressiveLimit {
  /** Failures in the window that cost nothing. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; doubles with each further failure. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  windowSeconds: number;
}

export interface AuthLimits {
  /** Failed logins and refreshes from one address in `addressWindowSeconds`. */
  addressFailures: number;
  addressWindowSeconds: number;
  accountAtAddress: ProgressiveLimit;
  account: ProgressiveLimit;
  /** Refreshes (successful or not) of one member's sessions in `refreshWindowSeconds`. */
  memberRefreshes: number;
  refreshWindowSeconds: number;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  addressFailures: 50,
  addressWindowSeconds: 15 * 60,
  accountAtAddress: { freeFailures: 5, firstDelaySeconds: 1, maxDelaySeconds: 60, windowSeconds: 15 * 60 },
  account: { freeFailures: 10, firstDelaySeconds: 1, maxDelaySeconds: 30, windowSeconds: 15 * 60 },
  memberRefreshes: 60,
  refreshWindowSeconds: 15 * 60,
};

/** Whether an attempt may go ahead; `retryAfterSeconds` when it may not. */
export type Admission = { ok: true; attempt: RecordedAttempt } | { ok: false; retryAfterSeconds: number };

/**
 * How long an attempt at `now` must wait, given the other attempts in the window (`others`, ms, oldest first; a
 * concurrent one may be later than `now`, which only makes the answer stricter); 0 when it may go ahead.
 */
export function hardLimitWait(others: number[], now: number, limit: number, windowMs: number): number {
  if (others.length < limit) return 0;
  // It may go once enough of the others left the window for it to be the `limit`-th.
  const mustLeave = others[others.length - limit]!;
  return Math.max(0, mustLeave + windowMs - now);
}

export function progressiveWait(others: number[], now: number, rule: ProgressiveLimit): number {
  const past = others.length - rule.freeFailures;
  if (past < 0) return 0;
  const delayMs = Math.min(rule.maxDelaySeconds, rule.firstDelaySeconds * 2 ** past) * 1000;
  const previous = others[others.length - 1]!;
  return Math.max(0, previous + delayMs - now);
}

const normalEmail = (email: string) => email.trim().toLowerCase();
const addressOf = (ip: string | undefined) => ip ?? "unknown";

export class AuthLimiter {
  private readonly limits: AuthLimits;

  constructor(
    private readonly attempts: AttemptStore,
    limits: Partial<AuthLimits> = {},
  ) {
    this.limits = { ...DEFAULT_AUTH_LIMITS, ...limits };
  }

  /** Counts a login attempt for `email` from `ip`, or refuses it. */
  async admitLogin(email: string, ip: string | undefined): Promise<Admission> {
    const { addressWindowSeconds, accountAtAddress, account } = this.limits;
    const who = normalEmail(email);
    const address = addressOf(ip);
    const attempt = await this.attempts.record([
      { key: `fail:${address}`, windowMs: addressWindowSeconds * 1000 },
      { key: `login:${who}@${address}`, windowMs: accountAtAddress.windowSeconds * 1000 },
      { key: `login:${who}`, windowMs: account.windowSeconds * 1000 },
    ]);
    const [fromAddress, atAddress, anywhere] = attempt.others as [number[], number[], number[]];
    const wait = Math.max(
      hardLimitWait(fromAddress, attempt.at, this.limits.addressFailures, addressWindowSeconds * 1000),
      progressiveWait(atAddress, attempt.at, accountAtAddress),
      progressiveWait(anywhere, attempt.at, account),
    );
    return this.decide(attempt, wait);
  }

  /** The login succeeded: the attempt was no failure, and the account starts afresh. */
  async loginSucceeded(attempt: RecordedAttempt, email: string, ip: string | undefined): Promise<void> {
    const who = normalEmail(email);
    await attempt.forget();
    await this.attempts.clear([`login:${who}@${addressOf(ip)}`, `login:${who}`]);
  }

  /** Counts a refresh from `ip` as a possible failure, or refuses it. */
  async admitRefresh(ip: string | undefined): Promise<Admission> {
    const { addressFailures, addressWindowSeconds } = this.limits;
    const windowMs = addressWindowSeconds * 1000;
    const attempt = await this.attempts.record([{ key: `fail:${addressOf(ip)}`, windowMs }]);
    return this.decide(attempt, hardLimitWait(attempt.others[0]!, attempt.at, addressFailures, windowMs));
  }

  /** A refresh token was found: counts a refresh of `memberId`'s sessions, or refuses it. */
  async admitMemberRefresh(memberId: string): Promise<Admission> {
    const { memberRefreshes, refreshWindowSeconds } = this.limits;
    const windowMs = refreshWindowSeconds * 1000;
    const attempt = await this.attempts.record([{ key: `refresh:${memberId}`, windowMs }]);
    return this.decide(attempt, hardLimitWait(attempt.others[0]!, attempt.at, memberRefreshes, windowMs));
  }

  private async decide(attempt: RecordedAttempt, waitMs: number): Promise<Admission> {
    if (waitMs <= 0) return { ok: true, attempt };
    await attempt.forget();
    return { ok: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }
}
