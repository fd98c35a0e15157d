// A subgraph's SDL: every .graphql file of its schema folder, in name order,
// as one document (one file per area; `extend type Query` adds fields).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, type DocumentNode } from "graphql";

export function readSdl(dir: string | URL): string {
  const folder = typeof dir === "string" ? dir : fileURLToPath(dir);
  const files = readdirSync(folder)
    .filter((f) => f.endsWith(".graphql"))
    .sort();
  if (files.length === 0) throw new Error(`no .graphql files in ${folder}`);
  return files.map((f) => readFileSync(path.join(folder, f), "utf8")).join("\n");
}

export const loadTypeDefs = (dir: string | URL): DocumentNode => parse(readSdl(dir));
