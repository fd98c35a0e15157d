// `npm run analytics:check` : rebuilds every analytics rollup from the
// sources' outboxes (entitlements, membership, catalog, read over their
// /internal/outbox routes like the consumers do) into a shadow schema and
// compares it with the live tables, at the positions the live consumers have
// reached. Prints each difference; exits 1 when there is any, 2 when the
// check could not run (a source down, no database).
// `npm run analytics:check -- --rebuild` : the same, then replaces the live
// tables with the rebuilt ones and sets the checkpoints to match, in one
// transaction holding the consumers' checkpoint locks (they wait, then go on).
//
// Settings: DATABASE_URL (default: the embedded database of `npm start`, on
// EMBEDDED_DB_PORT or 54329), HUB_INTERNAL_SECRET (default: .data/dev-secrets.json),
// ENTITLEMENTS_INTERNAL_URL, MEMBERSHIP_INTERNAL_URL, CATALOG_INTERNAL_URL
// (defaults 4003, 4002, 4001 on 127.0.0.1).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { internalTokenCodec } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { OutboxClient } from "../subgraphs/analytics/src/consumers/outbox-client";
import { rebuildAnalytics, type RebuildReport } from "../subgraphs/analytics/src/consumers/rebuild";
import type { SourceName } from "../subgraphs/analytics/src/consumers/sources";
import { loadAnalyticsEnv } from "../subgraphs/analytics/src/env";
import { loadSecrets } from "./hub/secrets";

const root = fileURLToPath(new URL("..", import.meta.url));

export function formatReport(report: RebuildReport): string {
  const lines: string[] = [];
  const folded = Object.entries(report.events)
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");
  lines.push(`events folded from the outboxes: ${folded}`);
  if (report.differences.length === 0) {
    lines.push("no difference: every rollup equals its rebuild from the events");
  }
  for (const d of report.differences) {
    lines.push(`${d.table}: ${d.onlyLive} row(s) only in the live table, ${d.onlyRebuilt} only in the rebuilt one`);
    for (const s of d.samples)
      lines.push(`  ${s.side === "live" ? "- live   " : "+ rebuilt"} ${JSON.stringify(s.row)}`);
  }
  if (report.replaced) lines.push("the live tables were replaced by the rebuilt ones");
  return lines.join("\n");
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--rebuild");
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown[0]}; usage: npm run analytics:check [-- --rebuild]`);
    return 2;
  }
  const secrets = process.env.HUB_INTERNAL_SECRET ? {} : loadSecrets(path.join(root, ".data"), process.env);
  const env = loadAnalyticsEnv({
    ...secrets,
    DATABASE_URL: `postgresql://postgres@127.0.0.1:${process.env.EMBEDDED_DB_PORT ?? 54329}/postgres`,
    ...process.env,
  });
  const tokens = internalTokenCodec(env.HUB_INTERNAL_SECRET);
  const urls: Record<SourceName, string> = {
    entitlements: env.ENTITLEMENTS_INTERNAL_URL,
    membership: env.MEMBERSHIP_INTERNAL_URL,
    catalog: env.CATALOG_INTERNAL_URL,
  };
  const feeds = Object.fromEntries(
    Object.entries(urls).map(([name, url]) => [name, new OutboxClient(url, tokens, "analytics", 30_000)]),
  ) as Record<SourceName, OutboxClient>;
  const db = createPrisma({ url: env.DATABASE_URL, poolSize: 2 });
  try {
    const report = await rebuildAnalytics({ db, feeds, replace: args.includes("--rebuild") });
    console.log(formatReport(report));
    return report.differences.length > 0 && !report.replaced ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`analytics check failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
