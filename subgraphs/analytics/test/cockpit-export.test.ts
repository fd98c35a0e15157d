// Cockpit exports through the gateway: GET /export/cockpit.{csv,xlsx} with a
// caller's access token, streamed from the analytics subgraph's own route.
// 100,000 detail rows of daily_rollup (an SQL fixture) stream in bounded
// memory; XLSX opens with exceljs; scope as the queries; bad input and
// missing credentials are refused with JSON before anything is written.
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import v8 from "node:v8";
import ExcelJS from "exceljs";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import {
  accessTokenCodec,
  createLogger,
  createPubSub,
  IDENTITY_HEADER,
  internalTokenCodec,
  type BrokerPubSub,
  type MemberIdentity,
} from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";
import { startGateway, type RunningGateway } from "../../../gateway/src/server";
import { publishCockpitChange } from "../src/domain/cockpit-topic";
import { addDays, shanghaiToday } from "../src/domain/cockpit/dates";
import { startAnalytics, type RunningAnalytics } from "../src/server";
import { twoTenants } from "./support";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const INTERNAL = "cockpit-export-internal-secret-0123456789";
const AUTH = "cockpit-export-auth-secret-0123456789abcdef";
const NO_SOURCE = "http://127.0.0.1:9";
const supergraphSdl = readFileSync(
  fileURLToPath(new URL("../../../schema/supergraph.graphql", import.meta.url)),
  "utf8",
);
const log = createLogger("cockpit-export-test", process.env.TEST_LOG_LEVEL ?? "silent");

let database: TestDatabase;
let db: PrismaClient;
let pubsub: BrokerPubSub;
let analytics: RunningAnalytics;
let gateway: RunningGateway;
let exportUrl: string;

const { tenantA, tenantB, root, beijing, shanghai, rootB, adminA, beijingManager, adminB, memberA, operator } =
  twoTenants();

const to = shanghaiToday();
const from = addDays(to, -99);
/** Tenant A: 100 days x 10 benefits x 5 SKUs x 20 org units (10 under Beijing, 10 under Shanghai) = 100,000 rows. */
const benefit1 = "b0000000-0000-4000-8000-000000000001";
/** Benefit 1's first SKU (b * 10 + s = 11). */
const firstSku = "5c000000-0000-4000-8000-00000000000b";
const campaignId = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrisma({ url: database.url, poolSize: 10 });
  pubsub = createPubSub({ redisUrl: process.env.TEST_REDIS_URL, databaseUrl: database.url, log });
  await pubsub.ready();
  await db.$executeRaw`
    INSERT INTO analytics.org_unit (tenant_id, org_unit_id, name, parent_id, path) VALUES
      (${tenantA}::uuid, ${root}::uuid, '总部', NULL, ARRAY[${root}::uuid]),
      (${tenantA}::uuid, ${beijing}::uuid, '北京分公司', ${root}::uuid, ARRAY[${root}::uuid, ${beijing}::uuid]),
      (${tenantA}::uuid, ${shanghai}::uuid, '上海分公司', ${root}::uuid, ARRAY[${root}::uuid, ${shanghai}::uuid]),
      (${tenantB}::uuid, ${rootB}::uuid, 'HQ', NULL, ARRAY[${rootB}::uuid])`;
  // Twenty teams, ten under each branch.
  await db.$executeRaw`
    INSERT INTO analytics.org_unit (tenant_id, org_unit_id, name, parent_id, path)
    SELECT ${tenantA}::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(u), 12, '0'))::uuid, '团队 ' || u,
           CASE WHEN u <= 10 THEN ${beijing}::uuid ELSE ${shanghai}::uuid END,
           ARRAY[${root}::uuid, CASE WHEN u <= 10 THEN ${beijing}::uuid ELSE ${shanghai}::uuid END,
                 ('00000000-0000-4000-8000-' || lpad(to_hex(u), 12, '0'))::uuid]
      FROM generate_series(1, 20) u`;
  await db.$executeRaw`
    INSERT INTO analytics.dimension_label (tenant_id, dimension, key, label)
    SELECT ${tenantA}::uuid, 'BENEFIT', ('b0000000-0000-4000-8000-' || lpad(to_hex(b), 12, '0')), '星巴克拿铁券 ' || b
      FROM generate_series(1, 10) b`;
  await db.$executeRaw`
    INSERT INTO analytics.daily_rollup (tenant_id, day, campaign_id, variant, benefit_id, sku_id, channel, org_unit_id,
      tier, category_id, brand_id, supplier_id, issued, claimed, redeemed, expired, revoked, issued_cost_fen,
      redeemed_cost_fen, redeemed_face_value_fen)
    SELECT ${tenantA}::uuid, ${from}::date + d, '00000000-0000-0000-0000-000000000000'::uuid, '',
           ('b0000000-0000-4000-8000-' || lpad(to_hex(b), 12, '0'))::uuid,
           ('5c000000-0000-4000-8000-' || lpad(to_hex(b * 10 + s), 12, '0'))::uuid,
           'GRANT', ('00000000-0000-4000-8000-' || lpad(to_hex(u), 12, '0'))::uuid, 'GOLD',
           '00000000-0000-0000-0000-000000000000'::uuid, '00000000-0000-0000-0000-000000000000'::uuid,
           '00000000-0000-0000-0000-000000000000'::uuid,
           3, 2, 1, 0, 0, 3000, 1234, 1500
      FROM generate_series(0, 99) d, generate_series(1, 10) b, generate_series(1, 5) s, generate_series(1, 20) u`;
  // Tenant B: other benefits, 500 rows.
  await db.$executeRaw`
    INSERT INTO analytics.daily_rollup (tenant_id, day, campaign_id, variant, benefit_id, sku_id, channel, org_unit_id,
      tier, category_id, brand_id, supplier_id, issued, claimed, redeemed, expired, revoked, issued_cost_fen,
      redeemed_cost_fen, redeemed_face_value_fen)
    SELECT ${tenantB}::uuid, ${from}::date + d, '00000000-0000-0000-0000-000000000000'::uuid, '',
           ('bb000000-0000-4000-8000-' || lpad(to_hex(b), 12, '0'))::uuid,
           '00000000-0000-0000-0000-000000000000'::uuid, 'CLAIM', ${rootB}::uuid, '',
           '00000000-0000-0000-0000-000000000000'::uuid, '00000000-0000-0000-0000-000000000000'::uuid,
           '00000000-0000-0000-0000-000000000000'::uuid, 1, 1, 0, 0, 0, 100, 0, 0
      FROM generate_series(0, 99) d, generate_series(1, 5) b`;
  // A campaign with variants A and B, ten days before the range the other tests read: A 40 of 100 redeemed, B 20.
  await db.$executeRaw`
    INSERT INTO analytics.campaign_fact (tenant_id, campaign_id, name, planned_budget_fen)
    VALUES (${tenantA}::uuid, ${campaignId}::uuid, '春节福利', 1000000)`;
  await db.$executeRaw`
    INSERT INTO analytics.daily_rollup (tenant_id, day, campaign_id, variant, benefit_id, sku_id, channel, org_unit_id,
      tier, category_id, brand_id, supplier_id, issued, claimed, redeemed, expired, revoked, issued_cost_fen,
      redeemed_cost_fen, redeemed_face_value_fen)
    SELECT ${tenantA}::uuid, ${from}::date - 10, ${campaignId}::uuid, v, ${benefit1}::uuid, ${firstSku}::uuid, 'CLAIM',
           ${beijing}::uuid, 'GOLD', '00000000-0000-0000-0000-000000000000'::uuid,
           '00000000-0000-0000-0000-000000000000'::uuid, '00000000-0000-0000-0000-000000000000'::uuid,
           100, 100, CASE v WHEN 'A' THEN 40 ELSE 20 END, 0, 0, 100000,
           CASE v WHEN 'A' THEN 40000 ELSE 20000 END, CASE v WHEN 'A' THEN 60000 ELSE 30000 END
      FROM unnest(ARRAY['A', 'B']) v`;
  // The coarse rollup (tenant x day x org unit) the queries read when no fine dimension is filtered.
  await db.$executeRaw`
    INSERT INTO analytics.daily_unit_rollup (tenant_id, day, org_unit_id, issued, claimed, redeemed, expired, revoked,
      issued_cost_fen, redeemed_cost_fen, redeemed_face_value_fen)
    SELECT tenant_id, day, org_unit_id, sum(issued), sum(claimed), sum(redeemed), sum(expired), sum(revoked),
           sum(issued_cost_fen), sum(redeemed_cost_fen), sum(redeemed_face_value_fen)
      FROM analytics.daily_rollup GROUP BY tenant_id, day, org_unit_id`;
  analytics = await startAnalytics({
    port: 0,
    db,
    pubsub,
    internalSecret: INTERNAL,
    entitlementsInternalUrl: NO_SOURCE,
    membershipInternalUrl: NO_SOURCE,
    catalogInternalUrl: NO_SOURCE,
    pollMs: 60_000,
    log,
  });
  gateway = await startGateway({
    port: 0,
    supergraphSdl,
    subgraphUrls: {
      catalog: "http://127.0.0.1:9/graphql",
      membership: "http://127.0.0.1:9/graphql",
      entitlements: "http://127.0.0.1:9/graphql",
      analytics: analytics.url,
    },
    internalSecret: INTERNAL,
    authSecret: AUTH,
    log,
  });
  exportUrl = gateway.url.replace(/\/graphql$/, "/export/cockpit");
}, 90_000);

afterAll(async () => {
  await gateway?.close();
  await analytics?.close();
  await pubsub?.close();
  await db?.$disconnect();
  await database?.drop();
});

const tokenOf = (identity: MemberIdentity) => accessTokenCodec(AUTH).issue(identity);

interface ErrorBody {
  errors: { message: string; extensions: { code: string } }[];
}

const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).errors[0]!;

async function download(format: "csv" | "xlsx", query: Record<string, string>, identity?: MemberIdentity) {
  const headers: Record<string, string> = identity ? { authorization: `Bearer ${await tokenOf(identity)}` } : {};
  return fetch(`${exportUrl}.${format}?${new URLSearchParams(query)}`, { headers });
}

async function csvLines(query: Record<string, string>, identity: MemberIdentity) {
  const response = await download("csv", query, identity);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes).split("\r\n").slice(0, -1);
}

test("100,000 detail rows stream through the gateway in bounded memory, one line each after the header", async () => {
  const response = await download("csv", { report: "detail", from, to }, adminA);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("content-disposition")).toBe(`attachment; filename="cockpit-detail-${from}_${to}.csv"`);
  // The gateway, the subgraph and this reader share this process: its heap is theirs. Garbage is collected before
  // each sample, so what is measured is what the stream keeps alive; the baseline is taken once the first
  // megabyte has come (connections open, code compiled), so the growth measured is what the stream adds as it goes.
  let baseline = -1;
  let peak = 0;
  let bytes = 0;
  let sinceSample = 0;
  let lines = 0;
  let head = "";
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    sinceSample += value.byteLength;
    for (const byte of value) if (byte === 0x0a) lines++;
    if (head.length < 2_000) head += new TextDecoder("utf-8", { ignoreBOM: true }).decode(value.subarray(0, 2_000));
    if (sinceSample > 1_000_000) {
      sinceSample = 0;
      gc();
      const used = process.memoryUsage().heapUsed;
      if (baseline < 0) baseline = used;
      peak = Math.max(peak, used - baseline);
    }
  }
  expect(lines).toBe(100_001);
  expect(bytes).toBeGreaterThan(8_000_000);
  console.log(`export: ${bytes} bytes; heap growth at most ${peak} bytes during the stream`);
  expect(peak).toBeLessThan(bytes / 4);
  expect(head.charCodeAt(0)).toBe(0xfeff);
  const [header, first] = head.slice(1).split("\r\n");
  expect(header).toBe(
    "日期,活动,版本,权益,规格,渠道,部门,会员等级,品类,品牌,供应商,发放,领取,核销,过期,撤销,核销率,发放成本(元),核销成本(元),核销面值(元)",
  );
  expect(first).toBe(`${from},,,星巴克拿铁券 1,${firstSku},发放,团队 1,GOLD,,,,3,2,1,0,0,0.3333,30.00,12.34,15.00`);
}, 120_000);

test("a unit manager's export holds their subtree only; another tenant's admin gets none of it; operators pick tenants", async () => {
  const filter = { report: "detail", from, to, benefitIds: benefit1, lang: "en" };
  const admin = await csvLines(filter, adminA);
  expect(admin[0]!.startsWith("Day,Campaign,Variant,Benefit,SKU,Channel,Org unit,Tier")).toBe(true);
  expect(admin).toHaveLength(1 + 100 * 5 * 20);
  const manager = await csvLines(filter, beijingManager);
  expect(manager).toHaveLength(1 + 100 * 5 * 10);
  const units = new Set(manager.slice(1).map((line) => line.split(",")[6]));
  expect([...units].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `团队 ${i + 1}`).sort());
  expect(await csvLines(filter, adminB)).toHaveLength(1);
  // Tenant B's admin naming tenant A gets nothing either.
  expect(await csvLines({ ...filter, tenantIds: tenantA }, adminB)).toHaveLength(1);
  const op = await csvLines({ report: "detail", from, to, tenantIds: tenantB, lang: "en" }, operator);
  expect(op[0]!.startsWith("Day,Tenant,")).toBe(true);
  expect(op).toHaveLength(1 + 500);
  expect(new Set(op.slice(1).map((line) => line.split(",")[1]))).toEqual(new Set([tenantB]));
}, 120_000);

test("XLSX opens with exceljs and holds the rows: detail rows and a breakdown with its totals", async () => {
  const detail = await download("xlsx", { report: "detail", from: to, to, benefitIds: benefit1 }, adminA);
  expect(detail.status).toBe(200);
  expect(detail.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await detail.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  expect(sheet.rowCount).toBe(1 + 5 * 20);
  expect(sheet.getRow(1).getCell(1).value).toBe("日期");
  expect(sheet.getRow(2).getCell(4).value).toBe("星巴克拿铁券 1");
  expect(sheet.getRow(2).getCell(19).value).toBe(12.34);

  const breakdown = await download(
    "xlsx",
    { report: "breakdown", dimension: "BENEFIT", sortBy: "ISSUED", from, to, lang: "en" },
    adminA,
  );
  expect(breakdown.status).toBe(200);
  const book2 = new ExcelJS.Workbook();
  await book2.xlsx.load(Buffer.from(await breakdown.arrayBuffer()) as unknown as ArrayBuffer);
  const rows = book2.worksheets[0]!;
  expect(rows.name).toBe("Breakdown");
  expect(rows.rowCount).toBe(1 + 10 + 1);
  expect(rows.getRow(1).getCell(3).value).toBe("Issued");
  // Every benefit: 100 days x 5 SKUs x 20 units x 3 issued; the totals row sums the ten.
  expect(rows.getRow(2).getCell(3).value).toBe(30_000);
  expect(rows.getRow(12).getCell(1).value).toBe("Total");
  expect(rows.getRow(12).getCell(3).value).toBe(300_000);
  expect(rows.getRow(12).getCell(10).value).toBe((1234 * 100_000) / 100);
}, 120_000);

test("the time series, a campaign report with its A/B result and the reconciliation; an unknown campaign is a 404", async () => {
  const series = await csvLines({ report: "series", granularity: "MONTH", from, to, lang: "en" }, adminA);
  expect(series[0]).toBe(
    "Period,Issued,Claimed,Redeemed,Expired,Revoked,Redemption rate,Issued cost (yuan),Cost (yuan),Face value (yuan)",
  );
  const issued = series.slice(1).reduce((sum, line) => sum + Number(line.split(",")[1]), 0);
  expect(issued).toBe(300_000);
  const reconciliation = await csvLines({ report: "reconciliation", from, to, lang: "en" }, adminA);
  expect(reconciliation[0]).toBe("Summary");
  expect(reconciliation).toContain("Mismatches");
  const campaign = await csvLines({ report: "campaign", campaignId, lang: "en" }, adminA);
  const day = addDays(from, -10);
  expect(campaign.slice(0, 4)).toEqual(["Summary", "Metric,Value", "Campaign,春节福利", `From,${day}`]);
  expect(campaign).toContain("Redeemed,60");
  expect(campaign).toContain("Cost (yuan),600.00");
  expect(campaign).toContain("Planned budget (yuan),10000.00");
  expect(campaign).toContain("ROI,0.5000");
  expect(campaign).toContain("Winner,A");
  expect(campaign).toContain("A/B variants");
  expect(campaign).toContain("A,100,100,40,0.4000,0.3094,0.4980,400.00,10.00");
  expect(campaign.at(-1)).toBe(`${day},200,200,60,0,0,0.3000,2000.00,600.00,900.00`);
  // The campaign's tenant only.
  expect((await download("csv", { report: "campaign", campaignId }, adminB)).status).toBe(404);
  const missing = await download("csv", { report: "campaign", campaignId: randomUUID() }, adminA);
  expect(missing.status).toBe(404);
  expect((await errorOf(missing)).extensions.code).toBe("NOT_FOUND");
}, 120_000);

test("bad parameters get 400 JSON before anything is written; no or bad credentials 401, members 403", async () => {
  const cases: Record<string, string>[] = [
    { from: "2026-13-01", to },
    { from: to, to: from },
    { from, to, unknown: "1" },
    { report: "breakdown", from, to },
    { report: "detail", from, to, benefitIds: "not-an-id" },
    { report: "everything", from, to },
    { from: addDays(to, -800), to },
  ];
  for (const query of cases) {
    const response = await download("csv", query, adminA);
    expect([response.status, query]).toEqual([400, query]);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const error = await errorOf(response);
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
    expect(typeof error.message).toBe("string");
  }
  const repeated = await fetch(`${exportUrl}.csv?from=${from}&from=${from}&to=${to}`, {
    headers: { authorization: `Bearer ${await tokenOf(adminA)}` },
  });
  expect(repeated.status).toBe(400);

  const anonymous = await download("csv", { from, to });
  expect(anonymous.status).toBe(401);
  expect((await errorOf(anonymous)).extensions.code).toBe("UNAUTHENTICATED");
  const forged = await fetch(`${exportUrl}.csv?from=${from}&to=${to}`, { headers: { authorization: "Bearer nope" } });
  expect(forged.status).toBe(401);
  const refused = await download("csv", { from, to }, memberA);
  expect(refused.status).toBe(403);
  expect((await errorOf(refused)).extensions.code).toBe("FORBIDDEN");
  const managerReconciliation = await download("csv", { report: "reconciliation", from, to }, beijingManager);
  expect(managerReconciliation.status).toBe(403);

  // The subgraph's own route answers only to the gateway's signed identity.
  const direct = await fetch(`${analytics.url.replace(/\/graphql$/, "")}/export/cockpit.csv?from=${from}&to=${to}`);
  expect(direct.status).toBe(401);
  const signed = await fetch(`${analytics.url.replace(/\/graphql$/, "")}/export/cockpit.csv?from=${from}&to=${from}`, {
    headers: { [IDENTITY_HEADER]: await internalTokenCodec(INTERNAL).sign(adminA) },
  });
  expect(signed.status).toBe(200);
  expect((await signed.text()).split("\r\n").length).toBe(1 + 10 * 5 * 20 + 1);
}, 120_000);

test("cockpitUpdated through the gateway: a change in the admin's tenant pushes the overview of the rollups", async () => {
  const client = createClient({
    url: gateway.wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${await tokenOf(adminA)}` },
  });
  try {
    const pulse = new Promise<{ kinds: string[]; overview: { issued: { current: number } } }>((resolve, reject) => {
      client.subscribe<{ cockpitUpdated: { kinds: string[]; overview: { issued: { current: number } } } }>(
        {
          query: `subscription ($f: CockpitFilter!) { cockpitUpdated(filter: $f) { at kinds overview { issued { current } } } }`,
          variables: { f: { from, to } },
        },
        {
          next: (result) => (result.data ? resolve(result.data.cockpitUpdated) : reject(result.errors)),
          error: reject,
          complete: () => reject(new Error("completed without a pulse")),
        },
      );
    });
    await new Promise((r) => setTimeout(r, 1_000)); // subscribed through the gateway to the subgraph
    const sent = Date.now();
    await publishCockpitChange(pubsub, {
      tenantId: tenantA,
      at: new Date().toISOString(),
      kinds: ["entitlement.redeemed"],
      orgUnitIds: [beijing],
    });
    const heard = await pulse;
    expect(Date.now() - sent).toBeLessThan(1_000);
    expect(heard.kinds).toEqual(["entitlement.redeemed"]);
    expect(heard.overview.issued.current).toBe(300_000);
  } finally {
    await client.dispose();
  }
}, 60_000);
