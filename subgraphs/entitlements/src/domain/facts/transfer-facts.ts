// The facts of a transfer's new entitlement (`entitlement.transferred_in`):
// what the source was (its creating event's facts; for one created before
// events carried facts, its campaign item, else the catalog asked now), as
// channel TRANSFER, held by the recipient in the recipient's org unit.
import type { MemberFacts } from "../../clients/audience.client";
import type { CatalogClient } from "../../clients/catalog.client";
import type { EntitlementRow } from "../../data/entitlement.repository";
import type { FactsRepository } from "../../data/facts.repository";
import {
  catalogFactsOf,
  factsOf,
  forMember,
  storedFacts,
  type CatalogFacts,
  type EntitlementFacts,
} from "./entitlement-facts";

export class TransferFacts {
  constructor(
    private readonly repo: FactsRepository,
    private readonly catalog: Pick<CatalogClient, "skus">,
  ) {}

  /** Throws UnavailableError only when the catalog had to be asked and did not answer. */
  async of(source: EntitlementRow, toMemberId: string, recipient: MemberFacts | null): Promise<EntitlementFacts> {
    const stored = storedFacts(await this.repo.creatingPayload(source.id));
    if (stored) return { ...forMember(stored, "TRANSFER", toMemberId, recipient), costFen: source.costFen };
    const campaign = source.campaignId ? await this.repo.campaign(source.tenantId, source.campaignId) : null;
    const item = campaign?.items.find((i) => i.id === source.campaignItemId) ?? null;
    return factsOf({
      channel: "TRANSFER",
      memberId: toMemberId,
      campaign,
      variant: source.variant,
      catalog: item ?? (await this.fromCatalog(source)),
      fulfilmentKind: source.fulfilmentKind ?? item?.fulfilmentKind ?? "",
      member: recipient,
      costFen: source.costFen,
    });
  }

  private async fromCatalog(source: EntitlementRow): Promise<CatalogFacts> {
    const [sku] = source.skuId ? await this.catalog.skus([source.skuId]) : [null];
    if (sku) return { benefitId: sku.benefitId, skuId: sku.id, ...catalogFactsOf(sku) };
    return {
      benefitId: source.benefitId,
      benefitName: "",
      skuId: source.skuId,
      skuName: null,
      categoryId: null,
      categoryName: null,
      brandId: null,
      brandName: null,
      supplierId: null,
      supplierName: null,
      faceValueFen: 0,
    };
  }
}
