// Refresh and logout. A refresh token is single use: using one that was
// already rotated means it leaked, so its whole family is revoked.
import type { MemberRepository, MemberRow } from "../data/member.repository";
import type { RefreshTokenRepository, RefreshTokenRow } from "../data/refresh-token.repository";
import { isUuid } from "./ids";
import { secretMatches } from "./secret-tokens";
import type { Session, SessionIssuer } from "./session-issuer";

export type RefreshResult =
  ({ ok: true; member: MemberRow } & Session) | { ok: false; code: "INVALID_REFRESH_TOKEN"; message: string };

const invalid: RefreshResult = {
  ok: false,
  code: "INVALID_REFRESH_TOKEN",
  message: "The refresh token is not valid: log in again",
};

export class SessionService {
  constructor(
    private readonly members: MemberRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly sessions: SessionIssuer,
  ) {}

  async refresh(token: string): Promise<RefreshResult> {
    const row = await this.find(token);
    if (!row) return invalid;
    if (row.revokedAt) {
      if (row.replacedById) await this.refreshTokens.revokeFamily(row.familyId);
      return invalid;
    }
    if (row.expiresAt <= new Date()) return invalid;
    const [member] = await this.members.findByIds([row.memberId]);
    if (!member) return invalid;
    const next = await this.sessions.rotate(member, row);
    if (!next) {
      // Someone rotated it first: the same token used twice.
      await this.refreshTokens.revokeFamily(row.familyId);
      return invalid;
    }
    return { ok: true, member, ...next };
  }

  async logout(token: string): Promise<boolean> {
    const row = await this.find(token);
    return row ? (await this.refreshTokens.revokeFamily(row.familyId)) > 0 : false;
  }

  private async find(token: string): Promise<RefreshTokenRow | null> {
    const [id, secret] = token.split(".");
    if (!id || !secret || !isUuid(id)) return null;
    const row = await this.refreshTokens.findById(id);
    return row && secretMatches(secret, row.tokenHash) ? row : null;
  }
}
