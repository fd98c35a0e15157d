// Login for people: scrypt passwords, lockout after repeated failures, and a
// session of a short-lived access token plus a rotating refresh token.
import { hashPassword, verifyPassword } from "@benefits-hub/platform";
import type { MemberRepository, MemberRow } from "../data/member.repository";
import type { LoginGuardRepository } from "../data/login-guard.repository";
import type { Session, SessionIssuer } from "./session-issuer";

export type LoginResult =
  ({ ok: true; member: MemberRow } & Session) | { ok: false; code: "INVALID_CREDENTIALS" | "LOCKED"; message: string };

export const MAX_FAILED_LOGINS = 5;
export const LOCK_SECONDS = 15 * 60;

const invalid: LoginResult = { ok: false, code: "INVALID_CREDENTIALS", message: "Email or password is wrong" };
const locked: LoginResult = {
  ok: false,
  code: "LOCKED",
  message: "Too many failed attempts: try again later",
};

// Verified against when the email is unknown, so both paths cost the same time.
const decoyHash = hashPassword("decoy-password-for-unknown-emails");

export class AuthService {
  constructor(
    private readonly members: MemberRepository,
    private readonly guard: LoginGuardRepository,
    private readonly sessions: SessionIssuer,
  ) {}

  async login(email: string, password: string): Promise<LoginResult> {
    const member = await this.members.findByEmail(email.trim().toLowerCase());
    if (member?.lockedUntil && member.lockedUntil > new Date()) return locked;
    const matches = await verifyPassword(password, member?.passwordHash ?? (await decoyHash));
    if (!member?.passwordHash) return invalid;
    if (!matches) {
      await this.guard.recordFailure(member.id, MAX_FAILED_LOGINS, LOCK_SECONDS);
      return invalid;
    }
    await this.guard.clearFailures(member.id);
    return { ok: true, member, ...(await this.sessions.start(member)) };
  }
}
