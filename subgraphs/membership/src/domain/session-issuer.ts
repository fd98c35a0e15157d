// Issues a member's session: a short-lived access token and a single-use
// refresh token (`<id>.<secret>`), the refresh token stored only as a hash.
import { randomUUID } from "node:crypto";
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokenCodec } from "@benefits-hub/platform";
import type { MemberRow } from "../data/member.repository";
import type { RefreshTokenRepository, RefreshTokenRow } from "../data/refresh-token.repository";
import { hashSecret, newSecret } from "./secret-tokens";

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

export interface Session {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

export class SessionIssuer {
  /** `accessTokenTtlSeconds`: must match the TTL `tokens` signs with (it is reported as `expiresIn`). */
  constructor(
    private readonly tokens: AccessTokenCodec,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly accessTokenTtlSeconds = ACCESS_TOKEN_TTL_SECONDS,
  ) {}

  /** An access token of `member` in session `sessionId` (the refresh-token family). */
  accessToken(member: MemberRow, sessionId: string): Promise<string> {
    return this.tokens.issue({
      kind: "member",
      memberId: member.id,
      tenantId: member.tenantId,
      role: member.role,
      orgUnitId: member.orgUnitId,
      sessionId,
    });
  }

  /** A new session, the first of its family. */
  async start(member: MemberRow): Promise<Session> {
    const { id, secret, tokenHash, expiresAt } = freshToken();
    const familyId = randomUUID();
    await this.refreshTokens.create({ id, memberId: member.id, familyId, tokenHash, expiresAt });
    return {
      accessToken: await this.accessToken(member, familyId),
      expiresIn: this.accessTokenTtlSeconds,
      refreshToken: `${id}.${secret}`,
    };
  }

  /** The next session of a family, replacing `old`; null if `old` was used meanwhile. */
  async rotate(member: MemberRow, old: RefreshTokenRow): Promise<Session | null> {
    const { id, secret, tokenHash, expiresAt } = freshToken();
    const next = await this.refreshTokens.rotate(old, { id, tokenHash, expiresAt });
    if (!next) return null;
    return {
      accessToken: await this.accessToken(member, old.familyId),
      expiresIn: this.accessTokenTtlSeconds,
      refreshToken: `${id}.${secret}`,
    };
  }
}

function freshToken() {
  const secret = newSecret();
  return {
    id: randomUUID(),
    secret,
    tokenHash: hashSecret(secret),
    expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
  };
}
