// `tsx supplier-simulator/src/main.ts`: the simulated supplier on
// SUPPLIER_SIM_PORT (default 4010), authenticated with SUPPLIER_SIM_SECRET
// when set. Knobs: SUPPLIER_SIM_LATENCY_MS ("min-max"), SUPPLIER_SIM_ERROR_RATE,
// SUPPLIER_SIM_TIMEOUT_RATE, SUPPLIER_SIM_SEED.
import { startSupplierSimulator, type Behaviour } from "./simulator";

const env = process.env;
const port = Number(env.SUPPLIER_SIM_PORT ?? 4010);
const behaviour: Partial<Behaviour> = {};
const latency = /^(\d+)-(\d+)$/.exec(env.SUPPLIER_SIM_LATENCY_MS ?? "");
if (latency) behaviour.latencyMs = [Number(latency[1]), Number(latency[2])];
if (env.SUPPLIER_SIM_ERROR_RATE) behaviour.errorRate = Number(env.SUPPLIER_SIM_ERROR_RATE);
if (env.SUPPLIER_SIM_TIMEOUT_RATE) behaviour.timeoutRate = Number(env.SUPPLIER_SIM_TIMEOUT_RATE);

const simulator = await startSupplierSimulator({
  port,
  secret: env.SUPPLIER_SIM_SECRET || undefined,
  behaviour,
  seed: env.SUPPLIER_SIM_SEED ? Number(env.SUPPLIER_SIM_SEED) : Date.now() % 2 ** 31,
});
console.log(
  JSON.stringify({
    level: 30,
    msg: `supplier simulator listening on ${simulator.url}${env.SUPPLIER_SIM_SECRET ? "" : " (no secret: requests are not authenticated)"}`,
  }),
);

const stop = () => void simulator.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
