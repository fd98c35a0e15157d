// Ownership facts for the hub's other services: which of the ids a mutation
// names are the tenant's own, and inside a unit manager's subtree when asked.
// Segments are in a subtree when every unit their rules name is (the rule
// unit managers' own segments follow, see segment.service.ts).
import type { TenantIds, TenantIdsQuery } from "@benefits-hub/platform/tenant-ids";
import type { TenantIdsRepository } from "../data/tenant-ids.repository";
import { isUuid } from "./ids";
import { rulesFromJson } from "./segment-rules";

export class TenantIdsService {
  constructor(private readonly ids: TenantIdsRepository) {}

  async owned(query: TenantIdsQuery): Promise<TenantIds> {
    const tenantId = query.tenantId.toLowerCase();
    const within = query.withinOrgUnitId?.toLowerCase() ?? null;
    const clean = (ids: readonly string[] | undefined) => [
      ...new Set((ids ?? []).filter(isUuid).map((id) => id.toLowerCase())),
    ];
    const [memberIds, units, segments] = await Promise.all([
      this.ids.members(tenantId, clean(query.memberIds), within),
      this.ids.units(tenantId, clean(query.orgUnitIds)),
      this.ids.segments(tenantId, clean(query.segmentIds)),
    ]);
    const inScope = (path: readonly string[]) => within === null || path.includes(within);
    let segmentIds = segments.map((s) => s.id);
    if (within !== null && segments.length > 0) {
      const named = segments.map((s) => ({ id: s.id, units: rulesFromJson(s.rules).orgUnitIds ?? [] }));
      const paths = new Map(
        (await this.ids.units(tenantId, [...new Set(named.flatMap((s) => s.units))])).map((u) => [u.id, u.path]),
      );
      segmentIds = named
        .filter((s) => s.units.length > 0 && s.units.every((u) => inScope(paths.get(u) ?? [])))
        .map((s) => s.id);
    }
    return { memberIds, segmentIds, orgUnitIds: units.filter((u) => inScope(u.path)).map((u) => u.id) };
  }
}
