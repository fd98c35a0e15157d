// Tenant admins' campaigns: create (items snapshot their SKU from the
// catalog), update, and move through draft → scheduled → live ⇄ paused → ended.
// Every change is audited in its transaction. Every member, segment and org
// unit id an input names is checked to be the admin's tenant's before it is stored.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { CampaignState, Prisma } from "@benefits-hub/platform/db/client";
import type { TenantIdsClient } from "@benefits-hub/platform/tenant-ids";
import type { CatalogClient } from "../../clients/catalog.client";
import { UnavailableError } from "../../clients/graph.client";
import { recordAudit } from "../../data/audit.repository";
import type { CampaignRepository, CampaignRow, CampaignWithItems } from "../../data/campaign.repository";
import { catalogFactsOf } from "../facts/entitlement-facts";
import { isUuid } from "../ids";
import { issuanceError, type IssuanceError } from "../issuance/issuance-errors";
import { foreignId } from "./audience-ids";
import {
  createCampaignSchema,
  firstProblem,
  periodOf,
  TRANSITIONS,
  updateCampaignSchema,
  type Transition,
} from "./campaign-rules";

export type CampaignResult = { campaign: CampaignRow | null; errors: IssuanceError[] };

const isAdmin = (v: Identity): v is MemberIdentity => v.kind === "member" && v.role === "TENANT_ADMIN";

export class CampaignService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly catalog: CatalogClient,
    private readonly tenantIds: TenantIdsClient,
  ) {}

  async create(viewer: Identity, input: unknown): Promise<CampaignResult> {
    if (!isAdmin(viewer)) return fail("NOT_FOUND");
    const parsed = createCampaignSchema.safeParse(input);
    if (!parsed.success) return fail("INVALID_INPUT", firstProblem(parsed.error));
    const c = parsed.data;
    const foreign = await foreignId(
      this.tenantIds,
      viewer.tenantId,
      { ...c.audience, budgetOrgUnitId: c.budgetOrgUnitId },
      "audience.",
    );
    if (foreign) return { campaign: null, errors: [foreign] };
    let skus;
    try {
      skus = await this.catalog.skus([...new Set(c.items.map((i) => i.skuId))]);
    } catch (error) {
      if (error instanceof UnavailableError) return fail("UNAVAILABLE");
      throw error;
    }
    const byId = new Map(skus.flatMap((s) => (s ? [[s.id, s] as const] : [])));
    const items: Prisma.CampaignItemCreateManyCampaignInput[] = [];
    for (const [position, item] of c.items.entries()) {
      const sku = byId.get(item.skuId);
      if (!sku || sku.archived) {
        return fail("INVALID_INPUT", { field: `items.${position}.skuId`, message: "No such SKU in the catalog" });
      }
      items.push({
        skuId: sku.id,
        benefitId: sku.benefitId,
        variant: item.variant ?? null,
        costFen: item.costFen ?? sku.salePriceFen,
        fulfilmentKind: sku.fulfilmentKind,
        validity: sku.validity as unknown as Prisma.InputJsonObject,
        position,
        ...catalogFactsOf(sku),
      });
    }
    if (c.kind === "PACK") {
      const cheapest = items.map((i) => i.costFen).sort((a, b) => a - b);
      const least = cheapest.slice(0, c.packChoose!).reduce((a, b) => a + b, 0);
      if (least > c.packAllowanceFen!) {
        return fail("INVALID_INPUT", {
          field: "packAllowanceFen",
          message: "The allowance cannot pay for packChoose of the items",
        });
      }
    }
    const startsAt = new Date(c.startsAt);
    const campaign = await this.campaigns.db.$transaction(async (tx) => {
      const created = await tx.campaign.create({
        data: {
          tenantId: viewer.tenantId,
          name: c.name,
          description: c.description ?? "",
          kind: c.kind ?? "SINGLE",
          channel: c.channel,
          audience: c.audience as object,
          startsAt,
          endsAt: c.endsAt ? new Date(c.endsAt) : null,
          totalLimit: c.totalLimit ?? null,
          perMemberLimit: c.perMemberLimit ?? 1,
          budgetOrgUnitId: c.budgetOrgUnitId,
          budgetPeriod: c.budgetPeriod ?? periodOf(startsAt),
          packChoose: c.packChoose ?? null,
          packAllowanceFen: c.packAllowanceFen ?? null,
          createdBy: viewer.memberId,
          items: { createMany: { data: items } },
        },
      });
      await recordAudit(tx, viewer, {
        action: "campaign.create",
        targetType: "campaign",
        targetId: created.id,
        details: { name: c.name, channel: c.channel, items: items.length, totalLimit: c.totalLimit ?? null },
      });
      return created;
    });
    return { campaign, errors: [] };
  }

  /** Drafts change freely; scheduled and paused ones too, but stock never below what is issued. Live ones: pause first. */
  async update(viewer: Identity, input: unknown): Promise<CampaignResult> {
    if (!isAdmin(viewer)) return fail("NOT_FOUND");
    const parsed = updateCampaignSchema.safeParse(input);
    if (!parsed.success) return fail("INVALID_INPUT", firstProblem(parsed.error));
    const u = parsed.data;
    const current = await this.campaigns.withItems(viewer.tenantId, u.id);
    if (!current) return fail("NOT_FOUND");
    const foreign = u.audience ? await foreignId(this.tenantIds, viewer.tenantId, u.audience, "audience.") : null;
    if (foreign) return { campaign: null, errors: [foreign] };
    const startsAt = u.startsAt ? new Date(u.startsAt) : current.startsAt;
    const endsAt = u.endsAt === undefined ? current.endsAt : u.endsAt ? new Date(u.endsAt) : null;
    if (endsAt && endsAt <= startsAt)
      return fail("INVALID_INPUT", { field: "endsAt", message: "endsAt must be after startsAt" });
    const editable: CampaignState[] = ["DRAFT", "SCHEDULED", "PAUSED"];
    const campaign = await this.campaigns.db.$transaction(async (tx) => {
      const rows = await tx.campaign.updateManyAndReturn({
        where: {
          id: u.id,
          tenantId: viewer.tenantId,
          state: { in: editable },
          // A scheduled campaign that already started is live: pause it first.
          NOT: { state: "SCHEDULED", startsAt: { lte: new Date() } },
          ...(u.totalLimit != null ? { issuedCount: { lte: u.totalLimit } } : {}),
        },
        data: {
          ...(u.name != null ? { name: u.name } : {}),
          ...(u.description != null ? { description: u.description } : {}),
          ...(u.audience ? { audience: u.audience as object } : {}),
          startsAt,
          endsAt,
          ...(u.totalLimit != null ? { totalLimit: u.totalLimit } : {}),
          ...(u.perMemberLimit != null ? { perMemberLimit: u.perMemberLimit } : {}),
        },
      });
      const row = rows[0];
      if (row) {
        await recordAudit(tx, viewer, {
          action: "campaign.update",
          targetType: "campaign",
          targetId: row.id,
          details: JSON.parse(JSON.stringify({ ...u, id: undefined })),
        });
      }
      return row ?? null;
    });
    if (!campaign) {
      const belowIssued = u.totalLimit != null && u.totalLimit < current.issuedCount;
      return fail("INVALID_STATE", {
        message: belowIssued
          ? `totalLimit cannot go below the ${current.issuedCount} already issued`
          : "Only draft, scheduled (not yet started) and paused campaigns can be changed; pause a live one first",
      });
    }
    return { campaign, errors: [] };
  }

  async transition(viewer: Identity, id: string, transition: Transition): Promise<CampaignResult> {
    if (!isAdmin(viewer) || !isUuid(id)) return fail("NOT_FOUND");
    const move = TRANSITIONS[transition];
    if (!move) return fail("INVALID_INPUT");
    const campaign = await this.campaigns.db.$transaction(async (tx) => {
      const rows = await tx.campaign.updateManyAndReturn({
        where: { id, tenantId: viewer.tenantId, state: { in: move.from } },
        data: { state: move.to },
      });
      const row = rows[0];
      if (row) {
        await recordAudit(tx, viewer, {
          action: `campaign.${transition.toLowerCase()}`,
          targetType: "campaign",
          targetId: row.id,
          details: { to: move.to },
        });
      }
      return row ?? null;
    });
    if (campaign) return { campaign, errors: [] };
    const current = await this.campaigns.withItems(viewer.tenantId, id);
    if (!current) return fail("NOT_FOUND");
    return fail("INVALID_STATE", {
      message: `A ${current.state.toLowerCase()} campaign cannot ${transition.toLowerCase()}`,
    });
  }

  async byId(viewer: Identity, id: string): Promise<CampaignWithItems | null> {
    if (!isUuid(id) || viewer.kind === "anonymous") return null;
    if (viewer.kind === "service")
      return this.campaigns.db.campaign.findFirst({ where: { id }, include: { items: true } });
    const row = await this.campaigns.withItems(viewer.tenantId, id);
    if (!row) return null;
    // Members see campaigns of their tenant (what they hold or may claim); details of audience are admins'.
    return row;
  }

  list(viewer: Identity, states: CampaignState[] | null, first: number): Promise<CampaignRow[]> {
    if (!isAdmin(viewer)) return Promise.resolve([]);
    return this.campaigns.list(viewer.tenantId, states, Math.min(Math.max(first, 1), 200));
  }
}

const fail = (code: string, extra: Partial<IssuanceError> = {}): CampaignResult => ({
  campaign: null,
  errors: [issuanceError(code, extra)],
});
