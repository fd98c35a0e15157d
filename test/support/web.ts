// Runs the built web app (`next start`) on a free port against a test gateway.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const webDir = fileURLToPath(new URL("../../web", import.meta.url));
/** Next.js behind the web app's own front (client address from the connection, never the browser's header). */
const webServer = fileURLToPath(new URL("../../web/server.mjs", import.meta.url));

/**
 * A free port for a process a test starts, chosen below the kernel's
 * ephemeral range (32768 and up): a port the kernel hands out for `listen(0)`
 * or an outgoing connection in a parallel test can then never take it
 * between our check and the child's listen.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error("no free port found below the ephemeral range");
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function startWeb(gatewayUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (!existsSync(`${webDir}/.next/BUILD_ID`)) {
    throw new Error("web is not built: run `npm run build -w @benefits-hub/web` (npm test does it in pretest)");
  }
  const port = await freePort();
  const child = spawn(process.execPath, [webServer, "-p", String(port), "-H", "127.0.0.1"], {
    cwd: webDir,
    env: { ...process.env, GATEWAY_URL: gatewayUrl, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited: ${output}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
