// Builds the web app when its build is missing or older than its sources.
//   tsx scripts/hub/web-build.ts     (npm test runs it before the tests)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const webDir = fileURLToPath(new URL("../../web", import.meta.url));
const buildId = path.join(webDir, ".next", "BUILD_ID");
const sources = ["app", "components", "lib", "messages", "next.config.ts", "proxy.ts", "package.json", "tsconfig.json"];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

export function webBuildIsFresh(): boolean {
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return sources.every((s) => newestMtime(path.join(webDir, s)) <= built);
}

export function ensureWebBuild(): void {
  if (webBuildIsFresh()) return;
  console.log("building the web app (next build)…");
  const started = new Date();
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.resolve("next/dist/bin/next")), "build"], {
    cwd: webDir,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
  // The build read the sources as they were when it started: a source saved while it ran is newer than that.
  if (existsSync(buildId)) utimesSync(buildId, started, started);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) ensureWebBuild();
