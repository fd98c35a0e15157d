// The only reader of process.env in the membership service.
import { z } from "zod";
import { baseEnvShape, parseEnv, type EnvSource } from "@benefits-hub/platform";

export const membershipEnvShape = {
  ...baseEnvShape,
  MEMBERSHIP_PORT: z.coerce.number().int().min(0).max(65535).default(4002),
  /** How long members' access tokens last; the web app refreshes them before they expire. */
  HUB_ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 3600)
    .default(15 * 60),
  /** Failed logins and refreshes one client address may make in 15 minutes (raise it for offices behind one NAT). */
  AUTH_ADDRESS_FAILURES: z.coerce.number().int().min(1).default(50),
};

export const loadMembershipEnv = (source?: EnvSource) => parseEnv(membershipEnvShape, source);
