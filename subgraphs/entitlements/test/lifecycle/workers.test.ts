// The background work: the expiry sweeper (expires due entitlements once,
// also with several sweepers at once, releases their budget, keeps the
// campaign's stock) and the settlement worker (commits and releases in
// membership, retries failures with backoff, two senders never share a row).
import { createLogger } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { BudgetClient } from "../../src/clients/budget.client";
import { GraphClient } from "../../src/clients/graph.client";
import { EntitlementRepository } from "../../src/data/entitlement.repository";
import { EventRepository } from "../../src/data/event.repository";
import { SettlementRepository } from "../../src/data/settlement.repository";
import { MoveWriter } from "../../src/domain/lifecycle/move-writer";
import { ExpirySweeper } from "../../src/workers/expiry";
import { SettlementSender } from "../../src/workers/settlement";
import {
  campaignWithIssue,
  eventsOf,
  eventually,
  give,
  member,
  reservationState,
  reserve,
  type DemoMember,
} from "./support";

let hub: TestHub;
let holder: DemoMember;
const log = createLogger("test", "silent");

beforeAll(async () => {
  hub = await startTestHub();
  holder = await member(hub, "member@stellar.example");
}, 120_000);
afterAll(() => hub?.stop());

function sweeper(batchSize = 100) {
  const entitlements = new EntitlementRepository(hub.db);
  const events = new EventRepository(hub.db);
  const writer = new MoveWriter(entitlements, events, new SettlementRepository(hub.db), hub.pubsub, log);
  return new ExpirySweeper(entitlements, events, writer, batchSize);
}

function sender(membershipUrl: string, options = {}) {
  const budget = new BudgetClient(new GraphClient("membership", membershipUrl, hub.secrets.internalSecret, 1000));
  return new SettlementSender(new SettlementRepository(hub.db), budget, log, options);
}

describe("expiry", () => {
  test("a due entitlement expires once, its budget is released, the campaign's stock is not returned", async () => {
    const { campaign } = await campaignWithIssue(hub, holder);
    const reservationId = await reserve(hub, holder.tenantId, 700);
    const e = await give(hub, holder, {
      campaignId: campaign.id,
      reservationId,
      costFen: 700,
      expiresAt: new Date(Date.now() + 300),
    });
    const expired = await eventually(
      () => hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } }),
      (row) => row.state === "EXPIRED",
    );
    expect(expired.endedAt).not.toBeNull();
    expect(
      await eventually(
        () => reservationState(hub, reservationId),
        (s) => s === "RELEASED",
      ),
    ).toBe("RELEASED");
    expect(await sweeper().sweep(new Date(Date.now() + 60_000))).toBe(0);
    expect((await eventsOf(hub, e.id)).map((x) => x.type)).toEqual(["entitlement.claimed", "entitlement.expired"]);
    expect((await hub.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).issuedCount).toBe(1);
    const account = await hub.db.budgetLedgerEntry.count({ where: { reservationId, kind: "RELEASE" } });
    expect(account).toBe(1);
  });

  test("several sweepers at once expire each entitlement exactly once; redeemed ones are left alone", async () => {
    const future = new Date(Date.now() + 3_600_000);
    const due = [];
    for (let i = 0; i < 30; i++) due.push(await give(hub, holder, { expiresAt: future }));
    const used = await give(hub, holder, { state: "REDEEMED", expiresAt: future });
    const at = new Date(future.getTime() + 1000);
    const sweepers = [sweeper(7), sweeper(7), sweeper(7)];
    const drain = async (s: ExpirySweeper) => {
      let n = 0;
      for (let moved = -1; moved !== 0;) n += moved = await s.sweep(at);
      return n;
    };
    const counts = await Promise.all(sweepers.map(drain));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    const ids = due.map((d) => d.id);
    const expiredEvents = await hub.db.entitlementEvent.count({
      where: { entitlementId: { in: ids }, type: "entitlement.expired" },
    });
    expect(expiredEvents).toBe(30);
    expect(await hub.db.entitlement.count({ where: { id: { in: ids }, state: "EXPIRED" } })).toBe(30);
    expect((await hub.db.entitlement.findUniqueOrThrow({ where: { id: used.id } })).state).toBe("REDEEMED");
  });
});

describe("settlements", () => {
  test("a failed send is retried with backoff and then done", async () => {
    const reservationId = await reserve(hub, holder.tenantId, 100);
    const e = await give(hub, holder, { reservationId });
    const later = new Date(Date.now() + 3_600_000);
    await hub.db.budgetSettlement.create({
      data: { reservationId, tenantId: holder.tenantId, entitlementId: e.id, kind: "RELEASE", nextAttemptAt: later },
    });
    // Membership unreachable: the attempt is counted, the error kept, the row due again shortly.
    const dead = sender("http://127.0.0.1:9/graphql", { retryMs: 200 });
    expect(await dead.drain(new Date(later.getTime() + 1000))).toBe(1);
    const failed = await hub.db.budgetSettlement.findUniqueOrThrow({
      where: { reservationId_part: { reservationId, part: "" } },
    });
    expect(failed).toMatchObject({ attempts: 1, doneAt: null });
    expect(failed.lastError).toMatch(/membership unavailable/);
    expect(failed.nextAttemptAt.getTime()).toBeLessThan(Date.now() + 1000);
    // The service's own worker picks it up when it is due again.
    const done = await eventually(
      () => hub.db.budgetSettlement.findUniqueOrThrow({ where: { reservationId_part: { reservationId, part: "" } } }),
      (s) => s.doneAt !== null,
    );
    expect(done).toMatchObject({ attempts: 2, lastError: null });
    expect(await reservationState(hub, reservationId)).toBe("RELEASED");
  });

  test("a refused settlement keeps being retried, further apart each time", async () => {
    const e = await give(hub, holder);
    const unknown = "00000000-0000-4000-8000-000000000001";
    await hub.db.budgetSettlement.create({
      data: { reservationId: unknown, tenantId: holder.tenantId, entitlementId: e.id, kind: "COMMIT" },
    });
    const retried = await eventually(
      () =>
        hub.db.budgetSettlement.findUniqueOrThrow({
          where: { reservationId_part: { reservationId: unknown, part: "" } },
        }),
      (s) => s.attempts >= 1 && s.lastError !== null,
    );
    expect(retried.doneAt).toBeNull();
    expect(retried.lastError).toMatch(/NOT_FOUND/);
    expect(retried.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    const s = sender("http://127.0.0.1:9/graphql", { retryMs: 1000, maxRetryMs: 5000 });
    expect([1, 2, 3, 4, 5].map((n) => s.backoff(n))).toEqual([1000, 2000, 4000, 5000, 5000]);
    await hub.db.budgetSettlement.delete({ where: { reservationId_part: { reservationId: unknown, part: "" } } });
  });

  test("two senders at once never claim the same row", async () => {
    const later = new Date(Date.now() + 3_600_000);
    const rows = [];
    for (let i = 0; i < 12; i++) {
      const reservationId = await reserve(hub, holder.tenantId, 10);
      const e = await give(hub, holder, { reservationId });
      rows.push(reservationId);
      await hub.db.budgetSettlement.create({
        data: { reservationId, tenantId: holder.tenantId, entitlementId: e.id, kind: "COMMIT", nextAttemptAt: later },
      });
    }
    const url = hub.subgraphs.membership.url;
    const at = new Date(later.getTime() + 1000);
    const [a, b] = [sender(url, { batchSize: 5 }), sender(url, { batchSize: 5 })];
    const drain = async (s: SettlementSender) => {
      let n = 0;
      for (let claimed = -1; claimed !== 0;) n += claimed = await s.drain(at);
      return n;
    };
    const [na, nb] = await Promise.all([drain(a), drain(b)]);
    expect(na + nb).toBe(12);
    const settled = await hub.db.budgetSettlement.findMany({ where: { reservationId: { in: rows } } });
    expect(settled.every((s) => s.attempts === 1 && s.doneAt !== null)).toBe(true);
    const states = await hub.db.budgetReservation.findMany({ where: { id: { in: rows } }, select: { state: true } });
    expect(states.every((s) => s.state === "COMMITTED")).toBe(true);
  });
});
