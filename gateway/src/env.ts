// The only reader of process.env in the gateway.
import { z } from "zod";
import { parseEnv, type EnvSource } from "@benefits-hub/platform";

const url = (port: number) => z.string().url().default(`http://127.0.0.1:${port}/graphql`);

export const gatewayEnvShape = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Redis for pub/sub (API key revocations); unset: in-process. */
  REDIS_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  GATEWAY_HOST: z.string().default("127.0.0.1"),
  /** Browser origins allowed to call the gateway over HTTP, comma-separated. */
  GATEWAY_CORS_ORIGINS: z.string().default("http://localhost:3000,http://127.0.0.1:3000"),
  /** "1" behind a reverse proxy: the audit trail then records X-Forwarded-For's client address. */
  GATEWAY_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  HUB_INTERNAL_SECRET: z.string().min(32, "HUB_INTERNAL_SECRET must be at least 32 characters"),
  HUB_AUTH_SECRET: z.string().min(32, "HUB_AUTH_SECRET must be at least 32 characters"),
  CATALOG_URL: url(4001),
  MEMBERSHIP_URL: url(4002),
  ENTITLEMENTS_URL: url(4003),
  ANALYTICS_URL: url(4004),
};

export const loadGatewayEnv = (source?: EnvSource) => parseEnv(gatewayEnvShape, source);
