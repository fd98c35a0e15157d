// Composes schema/supergraph.graphql from the subgraph SDL files.
//   npm run compose          write the supergraph
//   npm run compose:check    fail if the committed supergraph is stale
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "graphql";
import { composeServices } from "@apollo/composition";
import { readSdl } from "@benefits-hub/platform/server/type-defs";
import { subgraphs } from "./subgraphs";

const target = fileURLToPath(new URL("../schema/supergraph.graphql", import.meta.url));
const check = process.argv.includes("--check");

const result = composeServices(
  subgraphs.map((s) => ({
    name: s.name,
    url: `http://127.0.0.1:${s.port}/graphql`,
    typeDefs: parse(readSdl(s.sdlDir)),
  })),
);

if (result.errors) {
  for (const error of result.errors) console.error(`composition error: ${error.message}`);
  process.exit(1);
}
for (const hint of result.hints ?? []) console.warn(`hint: ${hint.definition.code}: ${hint.message}`);

const supergraph = `${result.supergraphSdl.trim()}\n`;
if (check) {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    // missing counts as stale
  }
  if (committed !== supergraph) {
    console.error("schema/supergraph.graphql is stale: run `npm run compose` and commit the result");
    process.exit(1);
  }
  console.log("supergraph is up to date");
} else {
  writeFileSync(target, supergraph);
  console.log(`wrote ${target}`);
}
