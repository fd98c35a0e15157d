// Platform operators' view of card-code stock: every SKU fulfilled from a code pool, and the open low-stock alerts.
import { gql } from "@urql/core";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";
import type { Loaded, MemberRole, Viewer } from "./types";

interface CodeStockData {
  me: { displayName: string; role: MemberRole; tenant: { name: string } } | null;
  benefits: {
    name: string;
    nameEn: string;
    skus: {
      id: string;
      name: string;
      nameEn: string;
      stockSource: string;
      stock: number | null;
      lowStockThreshold: number;
    }[];
  }[];
  lowStockAlerts: { sku: { id: string; name: string }; stock: number; threshold: number; openedAt: string }[];
}

const CodeStockQuery = gql<CodeStockData, Record<string, never>>`
  query AdminCodeStock {
    me {
      displayName
      role
      tenant {
        name
      }
    }
    benefits(first: 100) {
      name
      nameEn
      skus {
        id
        name
        nameEn
        stockSource
        stock
        lowStockThreshold
      }
    }
    lowStockAlerts {
      sku {
        id
        name
      }
      stock
      threshold
      openedAt
    }
  }
`;

/** One SKU whose stock is its pool of card codes. */
export interface CodeSku {
  id: string;
  name: string;
  nameEn: string;
  benefit: { name: string; nameEn: string };
  /** Available codes in the pool. */
  stock: number;
  lowStockThreshold: number;
  /** An open low-stock alert. */
  low: boolean;
}

export interface LowStockAlert {
  skuId: string;
  skuName: string;
  stock: number;
  threshold: number;
  openedAt: string;
}

export interface CodeStock {
  viewer: Viewer;
  skus: CodeSku[];
  alerts: LowStockAlert[];
}

/** "forbidden" for anyone but a platform operator. */
export async function getCodeStock(token: string): Promise<Loaded<CodeStock>> {
  const result = await gatewayClient(token).query(CodeStockQuery, {}).toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure === "failed" || failure === "unavailable") console.error(describeError("AdminCodeStock", result.error));
    return { ok: false, failure };
  }
  const me = result.data?.me;
  if (!me || !result.data) return { ok: false, failure: "unauthenticated" };
  if (me.role !== "PLATFORM_OPERATOR") return { ok: false, failure: "forbidden" };
  const alerts = result.data.lowStockAlerts.map((alert) => ({
    skuId: alert.sku.id,
    skuName: alert.sku.name,
    stock: alert.stock,
    threshold: alert.threshold,
    openedAt: alert.openedAt,
  }));
  const alerted = new Set(alerts.map((alert) => alert.skuId));
  const skus = result.data.benefits.flatMap((benefit) =>
    benefit.skus
      .filter((sku) => sku.stockSource === "CODE_POOL")
      .map((sku) => ({
        id: sku.id,
        name: sku.name,
        nameEn: sku.nameEn,
        benefit: { name: benefit.name, nameEn: benefit.nameEn },
        stock: sku.stock ?? 0,
        lowStockThreshold: sku.lowStockThreshold,
        low: alerted.has(sku.id),
      })),
  );
  return {
    ok: true,
    value: { viewer: { displayName: me.displayName, role: me.role, tenantName: me.tenant.name }, skus, alerts },
  };
}
