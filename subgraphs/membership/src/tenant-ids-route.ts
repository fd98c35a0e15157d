// POST /internal/tenant-ids {tenantId, withinOrgUnitId?, memberIds?,
// segmentIds?, orgUnitIds?}: the hub's services (a service identity) learn
// which of the ids a mutation names are the tenant's own (and in the subtree),
// before they store them. Answers the owned ids of each kind.
import express from "express";
import type { Identity } from "@benefits-hub/platform";
import { TENANT_IDS_MAX, TENANT_IDS_PATH, type TenantIdsQuery } from "@benefits-hub/platform/tenant-ids";
import { isUuid } from "./domain/ids";
import type { TenantIdsService } from "./domain/tenant-ids.service";

const KINDS = ["memberIds", "segmentIds", "orgUnitIds"] as const;

export function tenantIdsRoute(service: TenantIdsService) {
  return (app: express.Express) => {
    app.post(TENANT_IDS_PATH, express.json({ limit: "256kb" }), async (req, res, next) => {
      if ((res.locals.viewer as Identity).kind !== "service") {
        res.status(403).json({ error: "service identity required" });
        return;
      }
      const query = parse(req.body);
      if (typeof query === "string") {
        res.status(400).json({ error: query });
        return;
      }
      try {
        res.json(await service.owned(query));
      } catch (error) {
        next(error);
      }
    });
  };
}

/** The query, or what is wrong with the body. */
function parse(body: unknown): TenantIdsQuery | string {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.tenantId !== "string" || !isUuid(b.tenantId)) return "tenantId must be a UUID";
  const within = b.withinOrgUnitId ?? null;
  if (within !== null && (typeof within !== "string" || !isUuid(within))) return "withinOrgUnitId must be a UUID";
  const query: TenantIdsQuery = { tenantId: b.tenantId, withinOrgUnitId: within };
  let count = 0;
  for (const kind of KINDS) {
    const ids = b[kind] ?? [];
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) return `${kind} must be a list of strings`;
    count += ids.length;
    query[kind] = ids as string[];
  }
  return count > TENANT_IDS_MAX ? `at most ${TENANT_IDS_MAX} ids per request` : query;
}
