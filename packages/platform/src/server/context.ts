import type { Logger } from "pino";
import type { Identity } from "../identity/identity";

/** What every subgraph's per-request context carries. */
export interface BaseContext {
  viewer: Identity;
  log: Logger;
}
