// The only reader of process.env in the gateway.
import { z } from "zod";
import { parseEnv, type EnvSource } from "@benefits-hub/platform";
import { defaultDocumentLimits, type DocumentLimits } from "./limits/config";

const limit = (byDefault: number) => z.coerce.number().int().min(1).default(byDefault);
const url = (port: number) => z.string().url().default(`http://127.0.0.1:${port}/graphql`);

export const gatewayEnvShape = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Redis for pub/sub (revocations of API keys and sessions), when set. */
  REDIS_URL: z.string().url().optional(),
  /** The hub's PostgreSQL database, for pub/sub over LISTEN/NOTIFY when REDIS_URL is unset (the gateway stores nothing). */
  DATABASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  GATEWAY_HOST: z.string().default("127.0.0.1"),
  /** Browser origins allowed to call the gateway over HTTP, comma-separated. */
  GATEWAY_CORS_ORIGINS: z.string().default("http://localhost:3000,http://127.0.0.1:3000"),
  /** The largest websocket frame in bytes (default 1 MiB); a larger one closes the socket (1009). */
  GATEWAY_WS_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(4096)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** "1" behind a reverse proxy: the audit trail then records X-Forwarded-For's client address. */
  GATEWAY_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  // What one request may hold (README "Limits"); the defaults are in gateway/src/limits/config.ts.
  /** Bytes of a JSON request body; a member import sends its CSV (up to 20,000 rows) as a variable. */
  GATEWAY_MAX_BODY_BYTES: limit(16 * 1024 * 1024),
  /** Bytes of the GraphQL document (the `query` text); more gets 413 before it is parsed. */
  GATEWAY_MAX_DOCUMENT_BYTES: limit(defaultDocumentLimits.maxDocumentBytes),
  GATEWAY_MAX_TOKENS: limit(defaultDocumentLimits.maxTokens),
  GATEWAY_MAX_DEPTH: limit(defaultDocumentLimits.maxDepth),
  GATEWAY_MAX_ALIASES: limit(defaultDocumentLimits.maxAliases),
  GATEWAY_MAX_DIRECTIVES: limit(defaultDocumentLimits.maxDirectives),
  /** Times one response name may repeat in a selection set (GraphQL validation compares every pair). */
  GATEWAY_MAX_FIELD_REPEATS: limit(defaultDocumentLimits.maxFieldRepeats),
  /** Estimated cost: 1 per object field, lists multiplied by their page size (`first`, ...). */
  GATEWAY_MAX_COST: limit(defaultDocumentLimits.maxCost),
  /** login, refreshSession and other credential-checking mutations in one request. */
  GATEWAY_MAX_CREDENTIAL_CHECKS: limit(defaultDocumentLimits.maxCredentialChecks),
  /** The length the cost estimate assumes for a list field without a page size argument. */
  GATEWAY_DEFAULT_LIST_SIZE: limit(defaultDocumentLimits.defaultListSize),
  HUB_INTERNAL_SECRET: z.string().min(32, "HUB_INTERNAL_SECRET must be at least 32 characters"),
  HUB_AUTH_SECRET: z.string().min(32, "HUB_AUTH_SECRET must be at least 32 characters"),
  CATALOG_URL: url(4001),
  MEMBERSHIP_URL: url(4002),
  ENTITLEMENTS_URL: url(4003),
  ANALYTICS_URL: url(4004),
};

export const loadGatewayEnv = (source?: EnvSource) => parseEnv(gatewayEnvShape, source);

/** The document limits the environment sets (GatewayOptions.limits). */
export const documentLimitsFromEnv = (env: ReturnType<typeof loadGatewayEnv>): DocumentLimits => ({
  maxDocumentBytes: env.GATEWAY_MAX_DOCUMENT_BYTES,
  maxTokens: env.GATEWAY_MAX_TOKENS,
  maxDepth: env.GATEWAY_MAX_DEPTH,
  maxAliases: env.GATEWAY_MAX_ALIASES,
  maxDirectives: env.GATEWAY_MAX_DIRECTIVES,
  maxFieldRepeats: env.GATEWAY_MAX_FIELD_REPEATS,
  maxCost: env.GATEWAY_MAX_COST,
  maxCredentialChecks: env.GATEWAY_MAX_CREDENTIAL_CHECKS,
  defaultListSize: env.GATEWAY_DEFAULT_LIST_SIZE,
});
