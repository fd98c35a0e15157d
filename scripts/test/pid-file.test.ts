// What `npm start` does about an earlier run: it stops the processes a dead
// hub left (found by pid and start time), never a process that only reuses a
// pid, refuses to start beside a hub that still runs, and names the process
// that holds a port it needs.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PidFile } from "../hub/pid-file";
import { describeTakenPort, assertPortsFree } from "../hub/ports";
import { startTimeOf } from "../hub/process-table";
import { freePort } from "../../test/support/web";

const dir = mkdtempSync(path.join(tmpdir(), "hub-pid-file-"));
const file = path.join(dir, "hub-processes.json");
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** A process that knows nothing of any hub: it only stops when signalled. */
async function sleeper(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  started.push(child);
  await new Promise((r) => child.once("spawn", r));
  return child;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => child.once("exit", () => r()));

const entry = (name: string, pid: number, startTime = startTimeOf(pid)!) => ({ name, pid, startTime });

/** A hub that has died: its pid no longer names it (its start time is recorded from when it ran). */
async function deadHub() {
  const hub = await sleeper();
  const record = entry("hub", hub.pid!);
  hub.kill("SIGKILL");
  await exited(hub);
  return record;
}

test("a dead hub's leftover children are stopped; a reused pid is left alone", async () => {
  const leftover = await sleeper();
  const stranger = await sleeper();
  writeFileSync(
    file,
    JSON.stringify({
      hub: await deadHub(),
      // The stranger's pid with another start time: the recorded process has gone and the pid was reused.
      children: [entry("database", leftover.pid!), entry("gateway", stranger.pid!, "1")],
    }),
  );
  const messages: string[] = [];
  const pidFile = new PidFile(file);
  await pidFile.claim((m) => messages.push(m));
  await exited(leftover);
  expect(leftover.signalCode).toBe("SIGTERM");
  expect(stranger.exitCode).toBeNull();
  expect(stranger.signalCode).toBeNull();
  expect(messages.join("\n")).toContain(`ended without stopping database (pid ${leftover.pid})`);

  // This run is recorded, with its children; an orderly stop removes the file.
  pidFile.add("catalog", stranger.pid);
  const recorded = JSON.parse(readFileSync(file, "utf8"));
  expect(recorded.hub).toEqual(entry("hub", process.pid));
  expect(recorded.children).toEqual([entry("catalog", stranger.pid!)]);
  pidFile.remove();
  expect(existsSync(file)).toBe(false);
}, 60_000);

test("a hub that is still running is never cleared: the second start is refused", async () => {
  const running = await sleeper();
  const child = await sleeper();
  writeFileSync(file, JSON.stringify({ hub: entry("hub", running.pid!), children: [entry("web", child.pid!)] }));
  await expect(new PidFile(file).claim(() => {})).rejects.toThrow(
    `another hub is running (pid ${running.pid}, recorded in ${file})`,
  );
  expect(running.exitCode).toBeNull();
  expect(child.exitCode).toBeNull();
  expect(child.signalCode).toBeNull();
});

test("a taken port is reported with the process that holds it and the variable that moves it", async () => {
  const port = await freePort();
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  try {
    const need = { service: "gateway", port, variable: "GATEWAY_PORT" };
    const message = describeTakenPort(need);
    expect(message).toContain(`port ${port} for the gateway is taken by pid ${process.pid} (`);
    expect(message).toContain(`kill ${process.pid}`);
    expect(message).toContain("set GATEWAY_PORT to another port");
    const other = await freePort();
    await expect(assertPortsFree([need, { service: "web app", port: other, variable: "WEB_PORT" }])).rejects.toThrow(
      /^port \d+ for the gateway is taken/,
    );
    await expect(assertPortsFree([{ service: "web app", port: other, variable: "WEB_PORT" }])).resolves.toBeUndefined();
  } finally {
    await new Promise((r) => server.close(r));
  }
});
