// The hub's subgraphs: name, default port and SDL file. One list for the
// composition script, the gateway's defaults and the runner.
import { fileURLToPath } from "node:url";

export interface SubgraphInfo {
  name: "catalog" | "membership" | "entitlements" | "analytics";
  port: number;
  sdlPath: string;
}

const sdl = (name: string) => fileURLToPath(new URL(`../subgraphs/${name}/src/schema.graphql`, import.meta.url));

export const subgraphs: readonly SubgraphInfo[] = [
  { name: "catalog", port: 4001, sdlPath: sdl("catalog") },
  { name: "membership", port: 4002, sdlPath: sdl("membership") },
  { name: "entitlements", port: 4003, sdlPath: sdl("entitlements") },
  { name: "analytics", port: 4004, sdlPath: sdl("analytics") },
];
