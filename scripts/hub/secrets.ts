// Secrets for a development hub: taken from the environment when set, else
// generated once into .data/dev-secrets.json (git-ignored, mode 0600); keys
// added by a later version are generated into the same file. A production
// start must bring its own.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface HubSecrets {
  HUB_INTERNAL_SECRET: string;
  HUB_AUTH_SECRET: string;
  /** Master keys wrapping the card codes' data keys (`id:base64`, first one active). */
  CATALOG_CODE_KEYS: string;
  CATALOG_CODE_FINGERPRINT_KEY: string;
}

const generators: Record<keyof HubSecrets, () => string> = {
  HUB_INTERNAL_SECRET: () => randomBytes(48).toString("base64url"),
  HUB_AUTH_SECRET: () => randomBytes(48).toString("base64url"),
  CATALOG_CODE_KEYS: () => `dev-${randomBytes(4).toString("hex")}:${randomBytes(32).toString("base64")}`,
  CATALOG_CODE_FINGERPRINT_KEY: () => randomBytes(32).toString("base64"),
};
const names = Object.keys(generators) as (keyof HubSecrets)[];

export function loadSecrets(dataDir: string, env: NodeJS.ProcessEnv): HubSecrets {
  if (names.every((name) => env[name]))
    return Object.fromEntries(names.map((n) => [n, env[n]!])) as unknown as HubSecrets;
  if (env.NODE_ENV === "production") throw new Error(`${names.join(", ")} must be set in production`);
  return devValues(dataDir, env, generators) as unknown as HubSecrets;
}

/**
 * The supplier simulator's request-signing secret (development only; the demo
 * supplier holds it sealed): SUPPLIER_SIM_SECRET, else kept in the same file.
 */
export function loadSimulatorSecret(dataDir: string, env: NodeJS.ProcessEnv): string {
  return devValues(dataDir, env, { SUPPLIER_SIM_SECRET: () => randomBytes(32).toString("base64url") })
    .SUPPLIER_SIM_SECRET!;
}

/** Each value from `env`, else from dev-secrets.json, else generated and added to the file (other keys kept). */
function devValues(dataDir: string, env: NodeJS.ProcessEnv, make: Record<string, () => string>) {
  const file = path.join(dataDir, "dev-secrets.json");
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const keys = Object.keys(make);
  const values = Object.fromEntries(keys.map((n) => [n, env[n] || stored[n] || make[n]!()]));
  const missing = keys.filter((n) => !stored[n]);
  if (missing.length > 0) {
    mkdirSync(dataDir, { recursive: true });
    const toStore = { ...stored, ...Object.fromEntries(missing.map((n) => [n, values[n]!])) };
    writeFileSync(file, JSON.stringify(toStore, null, 2), { mode: 0o600 });
  }
  return values;
}
