// The catalog as the entitlements service uses it: SKU facts for campaign
// items, card codes (allocate, reveal as the owner) and supplier top-ups.
import type { MemberIdentity } from "@benefits-hub/platform";
import type { GraphClient } from "./graph.client";

export interface SkuFacts {
  id: string;
  name: string;
  benefitId: string;
  benefitName: string;
  category: { id: string; name: string } | null;
  brand: { id: string; name: string } | null;
  /** Null when the catalog does not name one to this service. */
  supplier: { id: string; name: string } | null;
  fulfilmentKind: string;
  faceValueFen: number;
  salePriceFen: number;
  validity: { kind: string; validFrom: string | null; validUntil: string | null; validDays: number | null };
  archived: boolean;
}

interface CatalogError {
  code: string;
  message: string;
}

const SKUS = `query ($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Sku {
      id name fulfilmentKind faceValueFen salePriceFen archived validity { kind validFrom validUntil validDays }
      benefit { id name category { id name } brand { id name } }
      supplier { id name }
    }
  }
}`;
const ALLOCATE = `mutation ($input: AllocateCardCodeInput!) {
  allocateCardCode(input: $input) { allocation { codeId expiresAt } errors { code message } }
}`;
const REVEAL = `mutation ($input: RevealCardCodeInput!) {
  revealCardCode(input: $input) { reveal { code pin expiresAt } errors { code message } }
}`;
const TOPUP = `mutation ($input: RequestTopupInput!) {
  requestTopup(input: $input) { order { id status } errors { code message } }
}`;

type RawSku = Omit<SkuFacts, "benefitId" | "benefitName" | "category" | "brand"> & {
  benefit: {
    id: string;
    name: string;
    category: { id: string; name: string } | null;
    brand: { id: string; name: string } | null;
  };
};

export class CatalogClient {
  constructor(private readonly catalog: GraphClient) {}

  /** The SKUs' facts, in the order asked; null for an unknown id. */
  async skus(ids: readonly string[]): Promise<(SkuFacts | null)[]> {
    if (ids.length === 0) return [];
    const data = await this.catalog.request<{ _entities: (RawSku | null)[] }>(SKUS, {
      reps: ids.map((id) => ({ __typename: "Sku", id })),
    });
    return data._entities.map((s) =>
      s && s.id
        ? {
            ...s,
            benefitId: s.benefit.id,
            benefitName: s.benefit.name,
            category: s.benefit.category ?? null,
            brand: s.benefit.brand ?? null,
            supplier: s.supplier ?? null,
          }
        : null,
    );
  }

  async allocateCode(input: { tenantId: string; skuId: string; entitlementId: string; memberId: string }) {
    const data = await this.catalog.request<{
      allocateCardCode: { allocation: { codeId: string; expiresAt: string | null } | null; errors: CatalogError[] };
    }>(ALLOCATE, { input });
    return data.allocateCardCode;
  }

  /** Reveals as the owner (the catalog checks ownership and records the reveal). */
  async revealCode(owner: MemberIdentity, entitlementId: string) {
    const data = await this.catalog.request<{
      revealCardCode: {
        reveal: { code: string; pin: string | null; expiresAt: string | null } | null;
        errors: CatalogError[];
      };
    }>(REVEAL, { input: { entitlementId } }, owner);
    return data.revealCardCode;
  }

  async requestTopup(input: {
    tenantId: string;
    entitlementId: string;
    memberId: string;
    skuId: string;
    account: string;
  }) {
    const data = await this.catalog.request<{
      requestTopup: { order: { id: string; status: string } | null; errors: CatalogError[] };
    }>(TOPUP, { input });
    return data.requestTopup;
  }
}
