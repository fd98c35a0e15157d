import type { Identity } from "@benefits-hub/platform";
import type { EntitlementRepository, EntitlementRow } from "../data/entitlement.repository";
import type { EntitlementLoaders } from "../loaders";
import { isUuid } from "./ids";

/** A member's wallet (卡包): what they hold, visible to them alone. */
export class WalletService {
  constructor(
    private readonly entitlements: EntitlementRepository,
    private readonly loaders: EntitlementLoaders,
  ) {}

  mine(viewer: Identity): Promise<EntitlementRow[]> {
    if (viewer.kind !== "member") return Promise.resolve([]);
    return this.entitlements.listForMember({ tenantId: viewer.tenantId, memberId: viewer.memberId });
  }

  /** By reference from another subgraph: the holder, or the holder's tenant admins. */
  async byId(viewer: Identity, id: string): Promise<EntitlementRow | null> {
    if (!isUuid(id)) return null;
    const row = await this.loaders.entitlementById.load(id);
    if (!row) return null;
    if (viewer.kind === "service") return row;
    if (viewer.kind !== "member" || viewer.tenantId !== row.tenantId) return null;
    return viewer.memberId === row.memberId || viewer.role === "TENANT_ADMIN" ? row : null;
  }
}
