// Login for people. Full identity (refresh tokens, lockout, API keys) is
// the membership issue's; this issues the short-lived access token.
import { hashPassword, verifyPassword, type AccessTokenCodec, ACCESS_TOKEN_TTL_SECONDS } from "@benefits-hub/platform";
import type { MemberRepository, MemberRow } from "../data/member.repository";

export type LoginResult =
  | { ok: true; accessToken: string; expiresIn: number; member: MemberRow }
  | { ok: false; code: "INVALID_CREDENTIALS"; message: string };

const invalid: LoginResult = { ok: false, code: "INVALID_CREDENTIALS", message: "Email or password is wrong" };

// Verified against when the email is unknown, so both paths cost the same time.
const decoyHash = hashPassword("decoy-password-for-unknown-emails");

export class AuthService {
  constructor(
    private readonly members: MemberRepository,
    private readonly tokens: AccessTokenCodec,
  ) {}

  async login(email: string, password: string): Promise<LoginResult> {
    const member = await this.members.findByEmail(email.trim().toLowerCase());
    const stored = member?.passwordHash ?? (await decoyHash);
    const matches = await verifyPassword(password, stored);
    if (!member?.passwordHash || !matches) return invalid;
    const accessToken = await this.tokens.issue({
      kind: "member",
      memberId: member.id,
      tenantId: member.tenantId,
      role: member.role,
      orgUnitId: member.orgUnitId,
    });
    return { ok: true, accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, member };
  }
}
