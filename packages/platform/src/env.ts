// Environment parsing. Each service declares its variables with zod and
// reads them here once; nothing else in a service reads process.env.
import { z } from "zod";

/** Variables every service shares. */
export const baseEnvShape = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: z.string().url(),
  /** Unset: in-process pub/sub. Set: Redis, shared by every instance. */
  REDIS_URL: z.string().url().optional(),
  /** Signs the identity the gateway forwards to subgraphs (and service-to-service calls). */
  HUB_INTERNAL_SECRET: z.string().min(32, "HUB_INTERNAL_SECRET must be at least 32 characters"),
  /** Signs members' access tokens (issued by membership, verified by the gateway). */
  HUB_AUTH_SECRET: z.string().min(32, "HUB_AUTH_SECRET must be at least 32 characters"),
};

export type EnvSource = Record<string, string | undefined>;

/**
 * Parses `source` (default process.env) with `shape`. On failure it throws one
 * error naming every bad variable, never echoing a value (they may be secrets).
 */
export function parseEnv<S extends z.ZodRawShape>(shape: S, source: EnvSource = process.env): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  return result.data;
}
