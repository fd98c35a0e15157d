// Before the hub starts anything: every port it needs is free, or it says
// which process holds one and how to choose another.
import { createServer } from "node:net";
import { listenersOf } from "./process-table";

export interface PortNeed {
  /** What listens there, e.g. "gateway". */
  service: string;
  port: number;
  /** The variable that moves it, e.g. GATEWAY_PORT. */
  variable: string;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** Why `need.port` cannot be used, in words a person can act on. */
export function describeTakenPort(need: PortNeed): string {
  const holders = listenersOf(need.port);
  const who =
    holders.length > 0
      ? holders.map((h) => `pid ${h.pid} (${h.command.slice(0, 160) || "command unknown"})`).join(", ")
      : "a process this user cannot see";
  const kill = holders.length > 0 ? `stop it (kill ${holders.map((h) => h.pid).join(" ")}) or ` : "";
  return `port ${need.port} for the ${need.service} is taken by ${who}: ${kill}set ${need.variable} to another port`;
}

/** Throws one error naming every taken port and its holder. */
export async function assertPortsFree(needs: PortNeed[]): Promise<void> {
  const taken: PortNeed[] = [];
  for (const need of needs) if (!(await canListen(need.port))) taken.push(need);
  if (taken.length > 0) throw new Error(taken.map(describeTakenPort).join("\n"));
}
