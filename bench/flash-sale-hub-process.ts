// The server side of bench/flash-sale.ts, run as its child process so that the
// claiming clients and the servers never share an event loop. Starts a whole
// hub with startTestHub() (its own database, the demo seed, four subgraphs,
// the gateway), signs the demo tenant admin in, and on request:
//   - prepares the flash sale's members: the demo tenant's MEMBER-role members,
//     plus new ones (no password) until there are enough, each with an access
//     token MINTED here with the hub's auth secret, exactly as membership's
//     login signs them (logging 2,000 members in would cost 2,000 scrypt
//     hashes and measure nothing of the sale); funds the root unit's budget
//     for the period when it could be the limit;
//   - runs the ceiling: N concurrent guarded increments of issued_count on a
//     scratch campaign row, through the hub's own Prisma client (same pool);
//   - reads the database after the sale: stock, issuances, entitlements,
//     quotas, events and membership's budget reservations for the campaign.
// Over the fork() IPC channel:
//   -> { type: "ready", ... }                              once, when the hub is up
//   <- { type: "prepare", ... }  -> { type: "prepared" }   members, tokens, SKU, budget
//   <- { type: "ceiling", ... }  -> { type: "ceiling" }    one ceiling run
//   <- { type: "budget" }        -> { type: "budget" }     the root unit's account for the period
//   <- { type: "check", ... }    -> { type: "check" }      the database's view of the campaign
//   <- { type: "stats" }         -> { type: "stats" }      CPU time and event-loop utilisation so far
//   <- { type: "stop" }          stops the hub, then exits (as does the parent going away)
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { accessTokenCodec } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../test/support/hub";
import { hubChild } from "./hub-child";

/** What startTestHub() gives its one Prisma client, shared by every subgraph (and used by the ceiling). */
const HUB_POOL_SIZE = 20;

export interface FlashHubReady {
  type: "ready";
  gatewayUrl: string;
  admin: { email: string; token: string };
  /** Connections of the hub's one Prisma pool. */
  poolSize: number;
  database: "embedded" | "postgresql";
  pid: number;
}

export interface PrepareRequest {
  type: "prepare";
  members: number;
  skuSlug: string;
  /** Budget the sale may need at most (stock × cost): the root is funded to twice that if it has less. */
  budgetNeededFen: number;
  period: string;
}

export interface Prepared {
  type: "prepared";
  tenant: { id: string; slug: string };
  /** The tenant's root ("hq") unit: the campaign's budget unit. */
  rootUnitId: string;
  sku: { id: string; slug: string; name: string; fulfilmentKind: string; salePriceFen: number; onShelf: boolean };
  members: { id: string; token: string }[];
  membersExisting: number;
  membersCreated: number;
  budget: BudgetSnapshot & { fundedFen: number };
}

export interface BudgetSnapshot {
  availableFen: number;
  reservedFen: number;
  committedFen: number;
}

export interface CeilingRequest {
  type: "ceiling";
  attempts: number;
  stock: number;
  tenantId: string;
  rootUnitId: string;
  period: string;
}

export interface CeilingResult {
  type: "ceiling";
  attempts: number;
  successes: number;
  issuedCount: number;
  wallMs: number;
  latenciesMs: number[];
}

export interface CheckRequest {
  type: "check";
  campaignId: string;
  tenantId: string;
  rootUnitId: string;
  period: string;
}

export interface DbCheck {
  type: "check";
  campaign: { issuedCount: number; totalLimit: number | null };
  issuances: Record<string, number>;
  entitlements: number;
  distinctMembers: number;
  /** Entitlements of the campaign with no event at all (every issuance writes one in its transaction). */
  entitlementsWithoutEvent: number;
  quota: { sumIssued: number; membersOverLimit: number };
  /** membership.budget_reservation whose reference names the campaign, by state. */
  reservations: Record<string, { count: number; amountFen: number }>;
  /** Reservations that no entitlement of the campaign carries (a charge for a claim that failed). */
  reservationsWithoutEntitlement: number;
  budget: BudgetSnapshot;
}

export interface FlashHubStats {
  type: "stats";
  at: number;
  /** process.hrtime in µs: the clock of V8 CPU profiles (BENCH_PROFILE), to cut a profile per burst. */
  hrtimeUs: number;
  cpu: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
}

export type FlashParentMessage =
  | PrepareRequest
  | CeilingRequest
  | CheckRequest
  | { type: "budget"; tenantId: string; rootUnitId: string; period: string }
  | { type: "stats" }
  | { type: "stop" };
export type FlashChildMessage =
  | FlashHubReady
  | Prepared
  | CeilingResult
  | DbCheck
  | FlashHubStats
  | ({ type: "budget" } & BudgetSnapshot)
  | { type: "error"; message: string };

let hub: TestHub | undefined;
const { send, sendError, stop } = hubChild<FlashChildMessage>(
  "flash-sale-hub-process.ts",
  "flash-sale.ts",
  async () => {
    await hub?.stop();
  },
);

async function budgetOf(h: TestHub, tenantId: string, orgUnitId: string, period: string): Promise<BudgetSnapshot> {
  const account = await h.db.budgetAccount.findUnique({
    where: { tenantId_orgUnitId_period: { tenantId, orgUnitId, period } },
  });
  return {
    availableFen: Number(account?.availableFen ?? 0n),
    reservedFen: Number(account?.reservedFen ?? 0n),
    committedFen: Number(account?.committedFen ?? 0n),
  };
}

async function prepare(h: TestHub, request: PrepareRequest): Promise<Prepared> {
  const { db } = h;
  const admin = await db.member.findUniqueOrThrow({ where: { email: h.demo.adminEmail } });
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: admin.tenantId } });
  const root = await db.orgUnit.findFirstOrThrow({ where: { tenantId: tenant.id, parentId: null } });
  const sku = await db.sku.findUniqueOrThrow({ where: { slug: request.skuSlug } });
  const onShelf = (await db.shelfItem.count({ where: { tenantId: tenant.id, skuId: sku.id } })) > 0;

  // Members: the tenant's own first, then new ones in the root unit (createMany, like the demo's generated staff).
  const existing = await db.member.findMany({
    where: { tenantId: tenant.id, role: "MEMBER" },
    orderBy: { email: "asc" },
    take: request.members,
  });
  const missing = request.members - existing.length;
  const stamp = Date.now().toString(36);
  for (let from = 0; from < missing; from += 500) {
    const count = Math.min(500, missing - from);
    await db.member.createMany({
      data: Array.from({ length: count }, (_, k) => {
        const i = from + k;
        return {
          tenantId: tenant.id,
          orgUnitId: root.id,
          email: `flash-${stamp}-${i}@bench.example`,
          displayName: `抢购 ${i}`,
          role: "MEMBER" as const,
          tier: "standard",
        };
      }),
    });
  }
  const created = missing > 0 ? await db.member.findMany({ where: { email: { startsWith: `flash-${stamp}-` } } }) : [];
  const all = [...existing, ...created];
  if (all.length !== request.members) throw new Error(`prepared ${all.length} members, wanted ${request.members}`);

  const codec = accessTokenCodec(h.secrets.authSecret);
  const members: { id: string; token: string }[] = [];
  for (const m of all) {
    const token = await codec.issue({
      kind: "member",
      memberId: m.id,
      tenantId: m.tenantId,
      role: m.role,
      orgUnitId: m.orgUnitId,
    });
    members.push({ id: m.id, token });
  }

  // The budget must not be the limit of the sale: fund the root to twice what the whole stock could cost.
  const before = await budgetOf(h, tenant.id, root.id, request.period);
  let fundedFen = 0;
  if (before.availableFen < 2 * request.budgetNeededFen) {
    fundedFen = 2 * request.budgetNeededFen - before.availableFen;
    await h.seed.fundBudget({
      tenantId: tenant.id,
      orgUnitId: root.id,
      period: request.period,
      amountFen: BigInt(fundedFen),
    });
  }
  return {
    type: "prepared",
    tenant: { id: tenant.id, slug: tenant.slug },
    rootUnitId: root.id,
    sku: {
      id: sku.id,
      slug: sku.slug,
      name: sku.name,
      fulfilmentKind: sku.fulfilmentKind,
      salePriceFen: sku.salePriceFen,
      onShelf,
    },
    members,
    membersExisting: existing.length,
    membersCreated: created.length,
    budget: { ...(await budgetOf(h, tenant.id, root.id, request.period)), fundedFen },
  };
}

/**
 * The ceiling: `attempts` concurrent guarded increments of issued_count on a scratch campaign row (a DRAFT that
 * nobody can claim, deleted afterwards), each its own autocommitted statement through the hub's Prisma client,
 * so through the same pool the subgraphs use. Wall time from the first statement sent to the last answered.
 */
async function ceiling(h: TestHub, request: CeilingRequest): Promise<CeilingResult> {
  const { db } = h;
  const scratch = await db.campaign.create({
    data: {
      tenantId: request.tenantId,
      name: "bench ceiling (scratch row)",
      channel: "CLAIM",
      state: "DRAFT",
      startsAt: new Date(Date.now() + 365 * 24 * 3600 * 1000),
      totalLimit: request.stock,
      perMemberLimit: 1,
      budgetOrgUnitId: request.rootUnitId,
      budgetPeriod: request.period,
      createdBy: "bench:flash-sale",
    },
  });
  try {
    const latenciesMs: number[] = [];
    let successes = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: request.attempts }, async () => {
        const t0 = performance.now();
        const rows = await db.$executeRaw`UPDATE entitlements.campaign SET issued_count = issued_count + 1
          WHERE id = ${scratch.id}::uuid AND issued_count < total_limit`;
        latenciesMs.push(performance.now() - t0);
        if (rows === 1) successes++;
      }),
    );
    const wallMs = performance.now() - started;
    const after = await db.campaign.findUniqueOrThrow({ where: { id: scratch.id } });
    return {
      type: "ceiling",
      attempts: request.attempts,
      successes,
      issuedCount: after.issuedCount,
      wallMs,
      latenciesMs,
    };
  } finally {
    await db.campaign.delete({ where: { id: scratch.id } });
  }
}

async function check(h: TestHub, request: CheckRequest): Promise<DbCheck> {
  const { db } = h;
  const id = request.campaignId;
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id } });
  const issuanceRows = await db.issuance.groupBy({ by: ["state"], where: { campaignId: id }, _count: true });
  const [entitlementCounts] = await db.$queryRaw<{ total: bigint; members: bigint; without_event: bigint }[]>`
    SELECT count(*) AS total, count(DISTINCT member_id) AS members,
           count(*) FILTER (WHERE NOT EXISTS (
             SELECT 1 FROM entitlements.entitlement_event ev WHERE ev.entitlement_id = e.id)) AS without_event
    FROM entitlements.entitlement e WHERE e.campaign_id = ${id}::uuid`;
  const [quota] = await db.$queryRaw<{ sum_issued: bigint | null; over: bigint }[]>`
    SELECT sum(issued) AS sum_issued, count(*) FILTER (WHERE issued > ${campaign.perMemberLimit}) AS over
    FROM entitlements.campaign_member WHERE campaign_id = ${id}::uuid`;
  // Membership's side, found by the reference the entitlements service gives its reservations (it names the campaign).
  const reservationRows = await db.$queryRaw<{ state: string; count: bigint; amount: bigint | null }[]>`
    SELECT state::text AS state, count(*) AS count, sum(amount_fen) AS amount
    FROM membership.budget_reservation
    WHERE tenant_id = ${request.tenantId}::uuid AND reference LIKE ${"%" + id + "%"}
    GROUP BY state`;
  const [orphans] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM membership.budget_reservation r
    WHERE r.tenant_id = ${request.tenantId}::uuid AND r.reference LIKE ${"%" + id + "%"} AND r.state = 'HELD'
      AND NOT EXISTS (SELECT 1 FROM entitlements.entitlement e WHERE e.campaign_id = ${id}::uuid AND e.reservation_id = r.id)`;
  return {
    type: "check",
    campaign: { issuedCount: campaign.issuedCount, totalLimit: campaign.totalLimit },
    issuances: Object.fromEntries(issuanceRows.map((r) => [r.state, r._count])),
    entitlements: Number(entitlementCounts!.total),
    distinctMembers: Number(entitlementCounts!.members),
    entitlementsWithoutEvent: Number(entitlementCounts!.without_event),
    quota: { sumIssued: Number(quota!.sum_issued ?? 0n), membersOverLimit: Number(quota!.over) },
    reservations: Object.fromEntries(
      reservationRows.map((r) => [r.state, { count: Number(r.count), amountFen: Number(r.amount ?? 0n) }]),
    ),
    reservationsWithoutEntitlement: Number(orphans!.count),
    budget: await budgetOf(h, request.tenantId, request.rootUnitId, request.period),
  };
}

try {
  hub = await startTestHub();
  const adminToken = await hub.login(hub.demo.adminEmail);
  send({
    type: "ready",
    gatewayUrl: hub.gatewayUrl,
    admin: { email: hub.demo.adminEmail, token: adminToken },
    poolSize: HUB_POOL_SIZE,
    database: process.env.TEST_DATABASE_URL ? "postgresql" : "embedded",
    pid: process.pid,
  });
} catch (error) {
  sendError(error);
  await stop(1);
}

process.on("message", async (message: FlashParentMessage) => {
  try {
    const h = hub!;
    if (message.type === "prepare") send(await prepare(h, message));
    else if (message.type === "ceiling") send(await ceiling(h, message));
    else if (message.type === "check") send(await check(h, message));
    else if (message.type === "budget") {
      send({ type: "budget", ...(await budgetOf(h, message.tenantId, message.rootUnitId, message.period)) });
    } else if (message.type === "stats") {
      send({
        type: "stats",
        at: performance.now(),
        hrtimeUs: Number(process.hrtime.bigint() / 1000n),
        cpu: process.cpuUsage(),
        elu: performance.eventLoopUtilization(),
      });
    } else if (message.type === "stop") await stop(0);
  } catch (error) {
    sendError(error);
  }
});
