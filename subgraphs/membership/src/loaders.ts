// DataLoaders, created per request so nothing is cached across viewers.
import DataLoader from "dataloader";
import { byKey } from "@benefits-hub/platform/server/loaders";
import type { MemberRepository, MemberRow, TenantRow } from "./data/member.repository";
import type { OrgUnitRepository, OrgUnitRow } from "./data/org-unit.repository";

export interface MembershipLoaders {
  memberById: DataLoader<string, MemberRow | null>;
  tenantById: DataLoader<string, TenantRow | null>;
  orgUnitById: DataLoader<string, OrgUnitRow | null>;
  activeChildrenOf: DataLoader<string, OrgUnitRow[]>;
  allChildrenOf: DataLoader<string, OrgUnitRow[]>;
  memberCountOf: DataLoader<string, number>;
}

const groupBy = <R>(keys: readonly string[], rows: R[], keyOf: (row: R) => string | null): R[][] => {
  const groups = new Map<string, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row) ?? "")?.push(row);
  return keys.map((k) => groups.get(k)!);
};

export function createLoaders(members: MemberRepository, units: OrgUnitRepository): MembershipLoaders {
  return {
    orgUnitById: new DataLoader(async (ids) => byKey(ids, await units.findByIds(ids), (u) => u.id)),
    activeChildrenOf: new DataLoader(async (ids) =>
      groupBy(ids, await units.childrenOf(ids, false), (u) => u.parentId),
    ),
    allChildrenOf: new DataLoader(async (ids) => groupBy(ids, await units.childrenOf(ids, true), (u) => u.parentId)),
    memberCountOf: new DataLoader(async (ids) => {
      const counts = await units.memberCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    memberById: new DataLoader(async (ids) => byKey(ids, await members.findByIds(ids), (m) => m.id)),
    tenantById: new DataLoader(async (ids) => byKey(ids, await members.findTenantsByIds(ids), (t) => t.id)),
  };
}
