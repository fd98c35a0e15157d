// DataLoaders, created per request so nothing is cached across viewers.
import DataLoader from "dataloader";
import { byKey } from "@benefits-hub/platform/server/loaders";
import type { MemberRepository, MemberRow, TenantRow } from "./data/member.repository";

export interface MembershipLoaders {
  memberById: DataLoader<string, MemberRow | null>;
  tenantById: DataLoader<string, TenantRow | null>;
}

export function createLoaders(members: MemberRepository): MembershipLoaders {
  return {
    memberById: new DataLoader(async (ids) => byKey(ids, await members.findByIds(ids), (m) => m.id)),
    tenantById: new DataLoader(async (ids) => byKey(ids, await members.findTenantsByIds(ids), (t) => t.id)),
  };
}
