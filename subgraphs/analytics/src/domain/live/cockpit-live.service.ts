// cockpitUpdated: which changes a viewer hears, and the pulse each burst of
// them produces (the overview for the subscribed filter, as it stands then).
//
//  - tenant admin: their tenant's topic, every change;
//  - unit manager: their tenant's topic, only changes naming an org unit of
//    their subtree;
//  - platform operator: the platform topic (every tenant's changes), only the
//    tenants of filter.tenantIds when given.
import { GraphQLError } from "graphql";
import type { HubPubSub, Identity, Logger } from "@benefits-hub/platform";
import { COCKPIT_PLATFORM_TOPIC, cockpitTopic, type CockpitChange } from "../cockpit-topic";
import { Coalescer } from "./coalescer";
import type { SubtreeRepository } from "./subtree.repository";

/** At most one pulse per subscriber in this many milliseconds. */
export const PULSE_INTERVAL_MS = 300;

export interface CockpitPulse<O> {
  at: string;
  kinds: string[];
  overview: O;
}

/** The filter as far as the live service reads it (the rest goes to the overview as it is). */
export interface LiveFilter {
  tenantIds?: readonly string[] | null;
}

export interface CockpitLiveOptions<F extends LiveFilter, O> {
  pubsub: HubPubSub;
  subtrees: SubtreeRepository;
  /** The overview for a viewer and filter (the queries' own service: same scope, same numbers). */
  overview(viewer: Identity, filter: F): Promise<O>;
  intervalMs?: number;
}

export class CockpitLiveService<F extends LiveFilter, O> {
  constructor(private readonly options: CockpitLiveOptions<F, O>) {}

  /**
   * The pulses for a viewer. Checks the filter first by computing the overview once, so a bad filter is
   * refused when subscribing rather than silently never answering.
   */
  async pulses(viewer: Identity, filter: F, log: Logger): Promise<AsyncIterableIterator<CockpitPulse<O>>> {
    const accept = this.acceptFor(viewer, filter);
    await this.options.overview(viewer, filter);
    const { pubsub } = this.options;
    const topic =
      viewer.kind === "member" && viewer.role !== "PLATFORM_OPERATOR"
        ? cockpitTopic(viewer.tenantId)
        : COCKPIT_PLATFORM_TOPIC;
    return new Coalescer<CockpitChange, CockpitPulse<O>>({
      sources: [pubsub.subscribe<CockpitChange>(topic)],
      accept,
      merge: (pending, change) =>
        pending
          ? {
              ...pending,
              at: change.at > pending.at ? change.at : pending.at,
              kinds: union(pending.kinds, change.kinds),
              orgUnitIds: [],
            }
          : { ...change, kinds: union([], change.kinds), orgUnitIds: [] },
      produce: async (pending) => ({
        at: pending.at,
        kinds: pending.kinds,
        overview: await this.options.overview(viewer, filter),
      }),
      mergePulses: (older, newer) => ({ ...newer, kinds: union(older.kinds, newer.kinds) }),
      intervalMs: this.options.intervalMs ?? PULSE_INTERVAL_MS,
      onError: (error) => log.warn({ err: String(error) }, "cockpit pulse failed"),
    });
  }

  private acceptFor(viewer: Identity, filter: F): (change: CockpitChange) => Promise<boolean> | boolean {
    if (viewer.kind !== "member") throw forbidden();
    switch (viewer.role) {
      case "TENANT_ADMIN":
        return (change) => change.tenantId === viewer.tenantId;
      case "UNIT_MANAGER":
        return (change) =>
          change.tenantId === viewer.tenantId &&
          this.options.subtrees.anyWithin(viewer.tenantId, viewer.orgUnitId, change.orgUnitIds ?? []);
      case "PLATFORM_OPERATOR": {
        const tenants = filter.tenantIds?.length ? new Set(filter.tenantIds) : null;
        return (change) => tenants === null || tenants.has(change.tenantId);
      }
      default:
        throw forbidden();
    }
  }
}

const union = (a: readonly string[], b: readonly string[] | undefined) => [...new Set([...a, ...(b ?? [])])].sort();

const forbidden = () => new GraphQLError("Not authorised", { extensions: { code: "FORBIDDEN" } });
