// The only reader of process.env in the analytics service.
import { z } from "zod";
import { baseEnvShape, parseEnv, type EnvSource } from "@benefits-hub/platform";

export const analyticsEnvShape = {
  ...baseEnvShape,
  ANALYTICS_PORT: z.coerce.number().int().min(0).max(65535).default(4004),
  /** Where the entitlements service serves its outbox to the hub's services. */
  ENTITLEMENTS_INTERNAL_URL: z.string().url().default("http://127.0.0.1:4003"),
  /** Where the membership service serves its outbox (budget ledger, org tree). */
  MEMBERSHIP_INTERNAL_URL: z.string().url().default("http://127.0.0.1:4002"),
  /** Where the catalog service serves its outbox (supplier orders, statements). */
  CATALOG_INTERNAL_URL: z.string().url().default("http://127.0.0.1:4001"),
  /** How often each consumer looks for new events when nothing woke it. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(250),
};

export const loadAnalyticsEnv = (source?: EnvSource) => parseEnv(analyticsEnvShape, source);
