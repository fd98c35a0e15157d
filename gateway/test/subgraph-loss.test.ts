import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startTestHub, type TestHub } from "../../test/support/hub";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

test("a subgraph going away ends the client's subscription with an error, not a hang", async () => {
  const admin = await hub.login(hub.demo.adminEmail);
  const client = createClient({
    url: hub.gatewayWsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${admin}` },
  });
  const ended = new Promise<{ kind: string; detail: unknown }>((resolve) => {
    client.subscribe(
      { query: `subscription { redemptionCounted { redeemedCount benefit { name } } }` },
      {
        next: (value) => resolve({ kind: "next", detail: value }),
        error: (error) => resolve({ kind: "error", detail: error }),
        complete: () => resolve({ kind: "complete", detail: null }),
      },
    );
  });
  const deadline = Date.now() + 5_000;
  while (hub.subgraphs.analytics.wsConnections() === 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  expect(hub.subgraphs.analytics.wsConnections()).toBe(1);

  await hub.subgraphs.analytics.close();

  const outcome = await Promise.race([ended, new Promise((r) => setTimeout(() => r({ kind: "hang" }), 5_000))]);
  expect(outcome).toMatchObject({ kind: "error" });
  const errors = (outcome as { detail: { message: string; extensions?: { code?: string } }[] }).detail;
  expect(errors[0]!.message).toMatch(/analytics service ended the subscription/);
  await client.dispose();
});

test("a card-code upload while the catalog is down gets 502 and a clear error, and the gateway stays up", async () => {
  const operator = await hub.login("operator@benefitshub.example");
  const sku = await hub.db.sku.findFirstOrThrow({ where: { stockSource: "CODE_POOL" } });
  await hub.subgraphs.catalog.close();
  const response = await fetch(new URL(`/uploads/card-codes?skuId=${sku.id}`, hub.gatewayUrl), {
    method: "POST",
    headers: { "content-type": "text/csv", authorization: `Bearer ${operator}` },
    body: "code\nSECRET-CODE-0001\n",
  });
  expect(response.status).toBe(502);
  const body = await response.text();
  expect(JSON.parse(body)).toMatchObject({ error: "The catalog is unavailable; nothing was imported" });
  expect(body).not.toContain("SECRET-CODE-0001");
  const health = await fetch(new URL("/health", hub.gatewayUrl));
  const status = (await health.json()) as { subgraphs: Record<string, string> };
  expect(status.subgraphs.catalog).not.toBe("ok");
});
