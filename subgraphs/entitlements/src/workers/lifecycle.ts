// The lifecycle's background work: at start, seal what predates the hash
// chain; then the expiry sweeper, the budget settlement and top-up senders.
import type { ProcessServices } from "../context";
import { sealLegacy } from "../domain/lifecycle/legacy-seal";
import { startExpiryWorker } from "./expiry";
import type { BackgroundOptions, Worker } from "./index";
import { startSettlementWorker } from "./settlement";
import { startTopupWorker } from "./topup";

export async function startLifecycleWork(services: ProcessServices, options: BackgroundOptions): Promise<Worker[]> {
  const { lifecycleWork: work, deps } = services;
  const pollMs = options.workerPollMs ?? 1000;
  try {
    await sealLegacy(work.chains, deps.codes, deps.log);
  } catch (error) {
    deps.log.error({ err: error instanceof Error ? error.message : String(error) }, "sealing legacy events failed");
  }
  return [
    startExpiryWorker(work.expiry, pollMs, deps.log),
    startSettlementWorker(work.settlements, pollMs, deps.log),
    startTopupWorker(work.topups, pollMs, deps.log),
  ];
}
