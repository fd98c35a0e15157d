// The only reader of process.env in the entitlements service.
import { z } from "zod";
import { baseEnvShape, parseEnv, type EnvSource } from "@benefits-hub/platform";

export const entitlementsEnvShape = {
  ...baseEnvShape,
  ENTITLEMENTS_PORT: z.coerce.number().int().min(0).max(65535).default(4003),
};

export const loadEntitlementsEnv = (source?: EnvSource) => parseEnv(entitlementsEnvShape, source);
