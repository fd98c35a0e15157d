// Login for people: scrypt passwords, limits per client address and per account (auth-limits.ts), and a session
// of a short-lived access token plus a rotating refresh token. An unknown email, a wrong password and a limited
// attempt get the same answer, so the answer never tells whether an account exists.
import { hashPassword, verifyPassword } from "@benefits-hub/platform";
import type { MemberRepository, MemberRow } from "../data/member.repository";
import type { AuthLimiter } from "./auth-limits";
import type { Session, SessionIssuer } from "./session-issuer";

export type LoginFailure = {
  ok: false;
  code: "INVALID_CREDENTIALS";
  message: string;
  /** Set when the attempt was refused by a limit: how long until one may go ahead. */
  retryAfterSeconds: number | null;
};
export type LoginResult = ({ ok: true; member: MemberRow } & Session) | LoginFailure;

export const LOGIN_FAILED_MESSAGE = "Sign-in failed: the email or password is wrong, or there were too many attempts";

const failed = (retryAfterSeconds: number | null = null): LoginFailure => ({
  ok: false,
  code: "INVALID_CREDENTIALS",
  message: LOGIN_FAILED_MESSAGE,
  retryAfterSeconds,
});

// Verified against when the email is unknown, so both paths cost the same time.
const decoyHash = hashPassword("decoy-password-for-unknown-emails");

export class AuthService {
  constructor(
    private readonly members: MemberRepository,
    private readonly limiter: AuthLimiter,
    private readonly sessions: SessionIssuer,
  ) {}

  /** `ip`: the client's address as the gateway saw it. */
  async login(email: string, password: string, ip: string | undefined): Promise<LoginResult> {
    const admission = await this.limiter.admitLogin(email, ip);
    if (!admission.ok) return failed(admission.retryAfterSeconds);
    const member = await this.members.findByEmail(email.trim().toLowerCase());
    const matches = await verifyPassword(password, member?.passwordHash ?? (await decoyHash));
    // A failure stays counted in every window; a success takes itself back out.
    if (!member?.passwordHash || !matches) return failed();
    await this.limiter.loginSucceeded(admission.attempt, email, ip);
    return { ok: true, member, ...(await this.sessions.start(member)) };
  }
}
