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
  const file = path.join(dataDir, "dev-secrets.json");
  const stored: Partial<HubSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const secrets = Object.fromEntries(
    names.map((n) => [n, env[n] ?? stored[n] ?? generators[n]()]),
  ) as unknown as HubSecrets;
  if (names.some((n) => !stored[n])) {
    mkdirSync(dataDir, { recursive: true });
    const toStore = Object.fromEntries(names.map((n) => [n, stored[n] ?? secrets[n]]));
    writeFileSync(file, JSON.stringify(toStore, null, 2), { mode: 0o600 });
  }
  return secrets;
}
