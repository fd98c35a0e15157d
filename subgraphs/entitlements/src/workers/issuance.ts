// Issuance's background work: resume stale issuances (a process died between
// holding stock and completing) and abandoned grant jobs.
import type { ProcessServices } from "../context";
import type { BackgroundOptions, Worker } from "./index";
import { startLoop } from "./loop";

export function startIssuanceWork(services: ProcessServices, options: BackgroundOptions): Worker[] {
  const log = services.deps.log;
  const poll = Math.max(options.workerPollMs ?? 1000, 50);
  return [
    startLoop("issuance-recovery", poll * 5, log, () => services.issuanceRecovery.sweep()),
    startLoop("grant-resume", 30_000, log, () => services.grants.resumeAbandoned()),
  ];
}
