// The hub's subgraphs: name, default port and SDL file. One list for the
// composition script, the gateway's defaults and the runner.
import { fileURLToPath } from "node:url";

export interface SubgraphInfo {
  name: "catalog" | "membership" | "entitlements" | "analytics";
  port: number;
  /** The folder of its .graphql files. */
  sdlDir: string;
}

const sdl = (name: string) => fileURLToPath(new URL(`../subgraphs/${name}/src/schema`, import.meta.url));

export const subgraphs: readonly SubgraphInfo[] = [
  { name: "catalog", port: 4001, sdlDir: sdl("catalog") },
  { name: "membership", port: 4002, sdlDir: sdl("membership") },
  { name: "entitlements", port: 4003, sdlDir: sdl("entitlements") },
  { name: "analytics", port: 4004, sdlDir: sdl("analytics") },
];
