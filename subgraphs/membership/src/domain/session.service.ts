// Refresh and logout. A refresh token is single use: using one that was already rotated means it leaked, so its
// whole family is revoked. Refreshes are limited per client address (failures) and per member (auth-limits.ts).
import { SESSION_REVOKED_TOPIC, type HubPubSub } from "@benefits-hub/platform";
import type { MemberRepository, MemberRow } from "../data/member.repository";
import type { RefreshTokenRepository, RefreshTokenRow } from "../data/refresh-token.repository";
import type { AuthLimiter } from "./auth-limits";
import { isUuid } from "./ids";
import { secretMatches } from "./secret-tokens";
import type { Session, SessionIssuer } from "./session-issuer";

export type RefreshFailure = {
  ok: false;
  code: "INVALID_REFRESH_TOKEN";
  message: string;
  retryAfterSeconds: number | null;
};
export type RefreshResult = ({ ok: true; member: MemberRow } & Session) | RefreshFailure;

const invalid = (retryAfterSeconds: number | null = null): RefreshFailure => ({
  ok: false,
  code: "INVALID_REFRESH_TOKEN",
  message: "The refresh token is not valid: log in again",
  retryAfterSeconds,
});

export class SessionService {
  constructor(
    private readonly members: MemberRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly sessions: SessionIssuer,
    private readonly limiter: AuthLimiter,
    private readonly pubsub?: HubPubSub,
  ) {}

  /** `ip`: the client's address as the gateway saw it. */
  async refresh(token: string, ip: string | undefined): Promise<RefreshResult> {
    const admission = await this.limiter.admitRefresh(ip);
    if (!admission.ok) return invalid(admission.retryAfterSeconds);
    // Until the token proves good, the attempt stays counted as a failure of this address.
    const row = await this.find(token);
    if (!row) return invalid();
    if (row.revokedAt) {
      if (row.replacedById) await this.revokeSession(row.familyId);
      return invalid();
    }
    if (row.expiresAt <= new Date()) return invalid();
    const [member] = await this.members.findByIds([row.memberId]);
    if (!member) return invalid();
    await admission.attempt.forget();
    const perMember = await this.limiter.admitMemberRefresh(member.id);
    if (!perMember.ok) return invalid(perMember.retryAfterSeconds);
    const next = await this.sessions.rotate(member, row);
    if (!next) {
      // Someone rotated it first: the same token used twice.
      await this.revokeSession(row.familyId);
      return invalid();
    }
    return { ok: true, member, ...next };
  }

  async logout(token: string): Promise<boolean> {
    const row = await this.find(token);
    return row ? (await this.revokeSession(row.familyId)) > 0 : false;
  }

  /** Whether the session (refresh-token family) still has a live token: not logged out, revoked or expired. */
  isLive(sessionId: string): Promise<boolean> {
    return isUuid(sessionId) ? this.refreshTokens.familyIsLive(sessionId) : Promise.resolve(false);
  }

  /** Ends a session; gateways then refuse its access tokens and close its websockets. */
  private async revokeSession(familyId: string): Promise<number> {
    const revoked = await this.refreshTokens.revokeFamily(familyId);
    if (revoked > 0) await this.pubsub?.publish(SESSION_REVOKED_TOPIC, { sessionId: familyId }).catch(() => {});
    return revoked;
  }

  private async find(token: string): Promise<RefreshTokenRow | null> {
    const [id, secret] = token.split(".");
    if (!id || !secret || !isUuid(id)) return null;
    const row = await this.refreshTokens.findById(id);
    return row && secretMatches(secret, row.tokenHash) ? row : null;
  }
}
