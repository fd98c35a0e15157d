// The live cockpit service, built once per process next to the cockpit's
// services: its pulses carry the overview service's answer.
import type { HubPubSub } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { CockpitServices } from "../cockpit";
import type { CockpitFilterInput } from "../cockpit/filter";
import type { CockpitOverview } from "../cockpit/overview.service";
import { CockpitLiveService } from "./cockpit-live.service";
import { SubtreeRepository } from "./subtree.repository";

export type CockpitLive = CockpitLiveService<CockpitFilterInput, CockpitOverview>;

export function createCockpitLive(db: PrismaClient, pubsub: HubPubSub, cockpit: CockpitServices): CockpitLive {
  return new CockpitLiveService({
    pubsub,
    subtrees: new SubtreeRepository(db),
    overview: (viewer, filter) => cockpit.overview.overview(viewer, filter),
  });
}
