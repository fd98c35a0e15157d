// The only reader of process.env in the entitlements service.
import { z } from "zod";
import { baseEnvShape, parseEnv, type EnvSource } from "@benefits-hub/platform";

export const entitlementsEnvShape = {
  ...baseEnvShape,
  ENTITLEMENTS_PORT: z.coerce.number().int().min(0).max(65535).default(4003),
  /** Membership's base URL: budgets (GraphQL) and member facts (/internal/audience). */
  MEMBERSHIP_INTERNAL_URL: z.string().url().default("http://127.0.0.1:4002"),
  /** The catalog's base URL: SKU facts, card codes and top-ups. */
  CATALOG_INTERNAL_URL: z.string().url().default("http://127.0.0.1:4001"),
};

export const loadEntitlementsEnv = (source?: EnvSource) => parseEnv(entitlementsEnvShape, source);
