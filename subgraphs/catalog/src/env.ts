// The only reader of process.env in the catalog service.
import { z } from "zod";
import { baseEnvShape, parseEnv, type EnvSource } from "@benefits-hub/platform";

export const catalogEnvShape = {
  ...baseEnvShape,
  CATALOG_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
};

export type CatalogEnv = ReturnType<typeof loadCatalogEnv>;
export const loadCatalogEnv = (source?: EnvSource) => parseEnv(catalogEnvShape, source);
