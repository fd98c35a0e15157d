// The only reader of process.env in the membership service.
import { z } from "zod";
import { baseEnvShape, parseEnv, type EnvSource } from "@benefits-hub/platform";

export const membershipEnvShape = {
  ...baseEnvShape,
  MEMBERSHIP_PORT: z.coerce.number().int().min(0).max(65535).default(4002),
};

export const loadMembershipEnv = (source?: EnvSource) => parseEnv(membershipEnvShape, source);
