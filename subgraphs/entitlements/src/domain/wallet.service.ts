// Reading entitlements: a member's wallet (卡包), tenant admins' and
// partners' searches of their tenant, references from other subgraphs, and
// the computed fields of an entitlement (its redemption code, whether it can
// be transferred, its pack and options). Built per request, with its loaders.
import { GraphQLError } from "graphql";
import type { Identity } from "@benefits-hub/platform";
import type { EntitlementState } from "@benefits-hub/platform/db/client";
import type { CampaignRow } from "../data/campaign.repository";
import type { EntitlementFilter, EntitlementRepository, EntitlementRow } from "../data/entitlement.repository";
import type { EntitlementLoaders } from "../loaders";
import { isUsable } from "./entitlement-state";
import { isUuid } from "./ids";
import { decodeCursor, emptyPage, pageOf, pageSize, type EntitlementPage } from "./lifecycle/page-cursor";
import { transferBlock } from "./lifecycle/transfer.service";
import type { RedemptionCodes } from "./redemption-code";

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface SearchInput {
  memberId?: string | null;
  campaignId?: string | null;
  states?: EntitlementState[] | null;
  skuId?: string | null;
}

export class WalletService {
  constructor(
    private readonly entitlements: EntitlementRepository,
    private readonly loaders: EntitlementLoaders,
    private readonly codes: RedemptionCodes,
    private readonly now: () => Date = () => new Date(),
  ) {}

  mine(viewer: Identity): Promise<EntitlementRow[]> {
    if (viewer.kind !== "member") return Promise.resolve([]);
    return this.entitlements.listForMember({ tenantId: viewer.tenantId, memberId: viewer.memberId });
  }

  /** The member's wallet, optionally by state, newest first. */
  async wallet(viewer: Identity, args: PageArgs & { states?: EntitlementState[] | null }): Promise<EntitlementPage> {
    const size = pageSize(args.first, 20, 100);
    const after = decodeCursor(args.after);
    if (viewer.kind !== "member") return emptyPage;
    const filter = { memberId: viewer.memberId, states: args.states };
    return pageOf(await this.entitlements.page(viewer.tenantId, filter, size + 1, after), size);
  }

  /** Tenant admins: their tenant's entitlements. */
  search(viewer: Identity, filter: SearchInput, args: PageArgs): Promise<EntitlementPage> {
    const admin = viewer.kind === "member" && viewer.role === "TENANT_ADMIN";
    return this.searchTenant(admin ? viewer.tenantId : null, filter, args);
  }

  /** Partners with entitlements:read: their key's tenant's entitlements. */
  partnerSearch(viewer: Identity, filter: SearchInput, args: PageArgs): Promise<EntitlementPage> {
    return this.searchTenant(viewer.kind === "partner" ? viewer.tenantId : null, filter, args);
  }

  /** By reference from another subgraph: the holder, the tenant's admins and partners, or a service. */
  async byId(viewer: Identity, id: string): Promise<EntitlementRow | null> {
    if (!isUuid(id)) return null;
    const row = await this.loaders.entitlementById.load(id);
    if (!row) return null;
    switch (viewer.kind) {
      case "service":
        return row;
      case "partner":
        return viewer.tenantId === row.tenantId && viewer.permissions.includes("entitlements:read") ? row : null;
      case "member":
        if (viewer.tenantId !== row.tenantId) return null;
        return viewer.memberId === row.memberId || viewer.role === "TENANT_ADMIN" ? row : null;
      default:
        return null;
    }
  }

  /** The code to show a partner: to its holder only, and only while it can be redeemed. */
  redemptionCode(viewer: Identity, row: EntitlementRow): string | null {
    if (viewer.kind !== "member" || viewer.tenantId !== row.tenantId || viewer.memberId !== row.memberId) return null;
    return isUsable(row.state) ? this.codes.codeOf(row.id) : null;
  }

  transferable(row: EntitlementRow): boolean {
    return transferBlock(row, this.now()) === null;
  }

  pack(row: EntitlementRow): Promise<EntitlementRow | null> {
    return row.packId ? this.sameTenant(row, this.loaders.entitlementById.load(row.packId)) : Promise.resolve(null);
  }

  async packOptions(row: EntitlementRow): Promise<EntitlementRow[]> {
    if (!row.isPack) return [];
    return (await this.loaders.packOptionsByPackId.load(row.id)).filter((o) => o.tenantId === row.tenantId);
  }

  /** The campaign it was issued from (a row of the same tenant, or null). */
  async campaign(row: EntitlementRow): Promise<CampaignRow | null> {
    if (!row.campaignId) return null;
    const campaign = await this.loaders.campaignById.load(row.campaignId);
    return campaign && campaign.tenantId === row.tenantId ? campaign : null;
  }

  transferredFrom(row: EntitlementRow): Promise<EntitlementRow | null> {
    if (!row.transferredFromId) return Promise.resolve(null);
    return this.sameTenant(row, this.loaders.entitlementById.load(row.transferredFromId));
  }

  private async sameTenant(row: EntitlementRow, other: Promise<EntitlementRow | null>) {
    const found = await other;
    return found && found.tenantId === row.tenantId ? found : null;
  }

  private async searchTenant(tenantId: string | null, input: SearchInput, args: PageArgs): Promise<EntitlementPage> {
    const size = pageSize(args.first, 50, 200);
    const after = decodeCursor(args.after);
    const filter = checkedFilter(input);
    if (!tenantId) return emptyPage;
    return pageOf(await this.entitlements.page(tenantId, filter, size + 1, after), size);
  }
}

function checkedFilter(input: SearchInput): EntitlementFilter {
  for (const field of ["memberId", "campaignId", "skuId"] as const) {
    const value = input[field];
    if (value != null && !isUuid(value)) {
      throw new GraphQLError(`filter.${field} is not an id`, { extensions: { code: "BAD_USER_INPUT" } });
    }
  }
  return { memberId: input.memberId, campaignId: input.campaignId, skuId: input.skuId, states: input.states };
}
