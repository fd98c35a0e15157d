// The hub's services as processes: the command that runs each one and the
// environment that wires them to the database, each other and their secrets.
// `npm start` uses it, and so do the fault tests that kill and restart them.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { HubSecrets } from "./secrets";
import { subgraphs, type SubgraphInfo } from "../subgraphs";

export type ServiceName = SubgraphInfo["name"] | "gateway";
export type ServicePorts = Record<ServiceName, number>;

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** `node --import tsx <entry>`: a TypeScript entry of this repository in its own process. */
export const nodeCommand = (entry: string): [string, string[]] => [
  process.execPath,
  ["--import", "tsx", path.join(repoRoot, entry)],
];

export const serviceEntry = (name: ServiceName) =>
  name === "gateway" ? "gateway/src/main.ts" : `subgraphs/${name}/src/main.ts`;

/** Every service's environment: `base` plus the database, secrets, ports and the URLs between them. */
export function servicesEnv(
  base: NodeJS.ProcessEnv,
  wiring: { databaseUrl: string; secrets: HubSecrets; ports: ServicePorts },
): NodeJS.ProcessEnv {
  const { ports } = wiring;
  const base127 = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  return {
    ...base,
    ...wiring.secrets,
    DATABASE_URL: wiring.databaseUrl,
    GATEWAY_PORT: String(ports.gateway),
    ...Object.fromEntries(subgraphs.map((s) => [`${s.name.toUpperCase()}_PORT`, String(ports[s.name])])),
    ...Object.fromEntries(subgraphs.map((s) => [`${s.name.toUpperCase()}_URL`, `${base127(s.name)}/graphql`])),
    ENTITLEMENTS_INTERNAL_URL: base127("entitlements"),
    MEMBERSHIP_INTERNAL_URL: base127("membership"),
    CATALOG_INTERNAL_URL: base127("catalog"),
  };
}
