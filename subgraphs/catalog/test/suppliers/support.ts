// Helpers of the supplier tests: a simulated supplier registered through the
// operator's mutations, one-step listing, top-ups as the entitlements service.
import { randomUUID } from "node:crypto";
import type { Identity } from "@benefits-hub/platform";
import { startSupplierSimulator, type RunningSimulator, type SimulatorOptions } from "@benefits-hub/supplier-simulator";
import type { TestHub } from "../../../../test/support/hub";
import { callSubgraph } from "../../../../test/support/subgraph-client";

export const OPERATOR_EMAIL = "operator@benefitshub.example";
export const entitlementsService: Identity = { kind: "service", service: "entitlements" };

export async function startSim(
  options: Partial<SimulatorOptions> = {},
): Promise<RunningSimulator & { secret: string }> {
  const secret = `sim-secret-${randomUUID()}`;
  const sim = await startSupplierSimulator({
    port: 0,
    secret,
    seed: 3,
    ...options,
    behaviour: { latencyMs: [0, 2], processingMs: 30, timeoutDelayMs: null, ...options.behaviour },
  });
  return Object.assign(sim, { secret });
}

export async function createSupplier(
  hub: TestHub,
  token: string,
  input: { slug?: string; baseUrl: string; secret?: string; timeoutMs?: number },
): Promise<{ id: string; slug: string }> {
  const slug = input.slug ?? `sim-${randomUUID().slice(0, 8)}`;
  const result = await hub.request(
    `mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { supplier { id slug } errors { code field message } } }`,
    { input: { slug, name: `模拟供应商 Simulated supplier ${slug}`, timeoutMs: 500, ...input } },
    token,
  );
  expect(result.errors).toBeUndefined();
  expect(result.data.createSupplier.errors).toEqual([]);
  return result.data.createSupplier.supplier;
}

export const LIST_PRODUCT = `mutation ($input: ListSupplierProductInput!) {
  listSupplierProduct(input: $input) {
    sku { id slug name fulfilmentKind faceValueFen costPriceFen salePriceFen stockSource stock supplierProductId benefit { id name } }
    errors { code field message }
  }
}`;

export async function listProduct(hub: TestHub, token: string, supplierId: string, productId: string) {
  const category = await hub.db.category.findFirstOrThrow({ orderBy: { position: "asc" } });
  const result = await hub.request(LIST_PRODUCT, { input: { supplierId, productId, categoryId: category.id } }, token);
  expect(result.errors).toBeUndefined();
  expect(result.data.listSupplierProduct.errors).toEqual([]);
  return result.data.listSupplierProduct.sku as { id: string; stock: number; costPriceFen: number };
}

export const TOPUP_FIELDS = `order { id entitlementId status attempts account lastError supplierOrderId completedAt sku { id } } errors { code field message }`;

export function requestTopup(
  hub: TestHub,
  input: { skuId: string; account?: string; entitlementId?: string; tenantId?: string; memberId?: string },
) {
  return callSubgraph(
    hub.subgraphs.catalog.url,
    hub.secrets.internalSecret,
    entitlementsService,
    `mutation ($input: RequestTopupInput!) { requestTopup(input: $input) { ${TOPUP_FIELDS} } }`,
    {
      input: {
        tenantId: input.tenantId ?? randomUUID(),
        memberId: input.memberId ?? randomUUID(),
        entitlementId: input.entitlementId ?? randomUUID(),
        account: input.account ?? "13800000000",
        skuId: input.skuId,
      },
    },
  );
}

/** Polls `check` until it returns something truthy (or fails after `timeoutMs`). */
export async function waitFor<T>(
  check: () => Promise<T>,
  timeoutMs = 15_000,
  what = "condition",
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const finalOrder = (hub: TestHub, entitlementId: string) =>
  waitFor(
    async () => {
      const order = await hub.db.topupOrder.findUnique({ where: { entitlementId } });
      return order && (order.status === "SUCCEEDED" || order.status === "FAILED") ? order : null;
    },
    20_000,
    "the top-up to finish",
  );
