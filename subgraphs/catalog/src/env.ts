// The only reader of process.env in the catalog service.
import { z } from "zod";
import { baseEnvShape, parseEnv, type EnvSource } from "@benefits-hub/platform";

export const catalogEnvShape = {
  ...baseEnvShape,
  CATALOG_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  /**
   * Master keys that wrap the card codes' data keys: `id:base64key` pairs
   * (32-byte keys), comma-separated; the first wraps new data keys, the others
   * only unwrap (key rotation).
   */
  CATALOG_CODE_KEYS: z.string().min(1, "CATALOG_CODE_KEYS is required"),
  /** Base64 32-byte key of the codes' duplicate-finding fingerprints (HMAC). */
  CATALOG_CODE_FINGERPRINT_KEY: z.string().min(1, "CATALOG_CODE_FINGERPRINT_KEY is required"),
  /** Membership's base URL, for the viewer's tier and segments (shelf audiences). */
  MEMBERSHIP_INTERNAL_URL: z.string().url().default("http://127.0.0.1:4002"),
  /** How often supplier stock and prices are synced (ms). */
  SUPPLIER_SYNC_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
};

export type CatalogEnv = ReturnType<typeof loadCatalogEnv>;
export const loadCatalogEnv = (source?: EnvSource) => parseEnv(catalogEnvShape, source);
