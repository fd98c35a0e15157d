import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { startTestHub, type TestHub } from "../../test/support/hub";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

const LIVE = `subscription { redemptionCounted { redeemedCount benefit { id name } } }`;

function wsClient(token: string): Client {
  return createClient({
    url: hub.gatewayWsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
  });
}

async function redeemOneIssued(email: string) {
  const token = await hub.login(email);
  const wallet = await hub.request(`{ myEntitlements { id state benefit { id } } }`, {}, token);
  const target = wallet.data.myEntitlements.find((e: { state: string }) => e.state === "ISSUED");
  const result = await hub.request(
    `mutation ($id: ID!) { redeemEntitlement(input: { entitlementId: $id }) { errors { code } } }`,
    { id: target.id },
    token,
  );
  expect(result.data.redeemEntitlement.errors).toEqual([]);
  return target.benefit.id as string;
}

async function eventually(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("subscriptions through the gateway", () => {
  test("a live redemption counter arrives with the benefit's name from catalog", async () => {
    const admin = await hub.login(hub.demo.adminEmail);
    const client = wsClient(admin);
    const events = client.iterate({ query: LIVE });
    try {
      const first = events.next();
      // Give the subscription time to reach analytics before the event happens.
      await new Promise((r) => setTimeout(r, 300));
      const benefitId = await redeemOneIssued(hub.demo.memberEmail);
      // Analytics may still be folding the demo seed's own redemptions when the hub has just started:
      // their counts come first, then this one's.
      let next = first;
      let stat;
      for (;;) {
        const { value } = await next;
        expect(value.errors).toBeUndefined();
        stat = value.data.redemptionCounted;
        if (stat.benefit.id === benefitId) break;
        next = events.next();
      }
      expect(stat.benefit.id).toBe(benefitId);
      const catalogRow = await hub.db.benefit.findUniqueOrThrow({ where: { id: benefitId } });
      expect(stat.benefit.name).toBe(catalogRow.name);
      const tenant = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } });
      const counter = await hub.db.benefitRedemptions.findUniqueOrThrow({
        where: { tenantId_benefitId: { tenantId: tenant.id, benefitId } },
      });
      expect(stat.redeemedCount).toBe(counter.redeemedCount);
    } finally {
      await events.return?.();
      await client.dispose();
    }
  });

  test("another tenant's admin hears nothing of this tenant's redemptions", async () => {
    const stranger = await hub.login(hub.demo.otherTenantAdminEmail);
    const client = wsClient(stranger);
    const received: unknown[] = [];
    const unsubscribe = client.subscribe(
      { query: LIVE },
      { next: (v) => received.push(v), error: () => {}, complete: () => {} },
    );
    try {
      await new Promise((r) => setTimeout(r, 300));
      await redeemOneIssued(hub.demo.memberEmail);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(received).toEqual([]);
    } finally {
      unsubscribe();
      await client.dispose();
    }
  });

  test("a member who is not an admin is refused the live stats", async () => {
    const member = await hub.login(hub.demo.memberEmail);
    const client = wsClient(member);
    try {
      const { value } = await client.iterate({ query: LIVE }).next();
      expect(value.errors?.[0]?.extensions?.code ?? value.errors?.[0]?.message).toMatch(/FORBIDDEN|Not authorised/);
    } finally {
      await client.dispose();
    }
  });

  test("a connection with a bad token is refused", async () => {
    const client = wsClient("forged");
    const outcome = await new Promise<string>((resolve) => {
      client.subscribe(
        { query: LIVE },
        { next: () => resolve("next"), error: () => resolve("error"), complete: () => resolve("complete") },
      );
    });
    expect(outcome).toBe("error");
    await client.dispose();
  });

  test("closing the client closes its upstream subscription", async () => {
    const admin = await hub.login(hub.demo.adminEmail);
    const before = hub.subgraphs.analytics.wsConnections();
    const client = wsClient(admin);
    const unsubscribe = client.subscribe({ query: LIVE }, { next: () => {}, error: () => {}, complete: () => {} });
    await eventually(() => hub.subgraphs.analytics.wsConnections() === before + 1);
    unsubscribe();
    await client.dispose();
    await eventually(() => hub.subgraphs.analytics.wsConnections() === before);
  });
});
