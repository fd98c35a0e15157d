// The entitlements service's background work, each loop a small module:
// started after the server, stopped before the database goes.
import type { ProcessServices } from "../context";
import { startLifecycleWork } from "./lifecycle";
import { startIssuanceWork } from "./issuance";
import { startApprovalWorker } from "./approvals";

export interface BackgroundOptions {
  /** How often each loop looks for due work (ms; default 1000). Tests make it short. */
  workerPollMs?: number;
}

export interface Worker {
  close(): Promise<void>;
}

export async function startBackgroundWork(services: ProcessServices, options: BackgroundOptions): Promise<Worker> {
  const workers: Worker[] = [
    ...(await startLifecycleWork(services, options)),
    ...startIssuanceWork(services, options),
    startApprovalWorker(services.riskApprovals, options.workerPollMs ?? 1000, services.deps.log),
  ];
  return {
    close: async () => {
      for (const w of workers.reverse()) await w.close();
    },
  };
}
