// Secrets for a development hub: taken from the environment when set, else
// generated once into .data/dev-secrets.json (git-ignored, mode 0600). A
// production start must bring its own.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface HubSecrets {
  HUB_INTERNAL_SECRET: string;
  HUB_AUTH_SECRET: string;
}

export function loadSecrets(dataDir: string, env: NodeJS.ProcessEnv): HubSecrets {
  if (env.HUB_INTERNAL_SECRET && env.HUB_AUTH_SECRET) {
    return { HUB_INTERNAL_SECRET: env.HUB_INTERNAL_SECRET, HUB_AUTH_SECRET: env.HUB_AUTH_SECRET };
  }
  if (env.NODE_ENV === "production") {
    throw new Error("HUB_INTERNAL_SECRET and HUB_AUTH_SECRET must be set in production");
  }
  const file = path.join(dataDir, "dev-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as HubSecrets;
  const secrets: HubSecrets = {
    HUB_INTERNAL_SECRET: randomBytes(48).toString("base64url"),
    HUB_AUTH_SECRET: randomBytes(48).toString("base64url"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
