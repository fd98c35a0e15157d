// The server side of bench/browse.ts, run as its child process so that
// autocannon and the servers never share an event loop. Starts a whole hub
// with startTestHub() (its own database, the demo seed, four subgraphs, the
// gateway), puts BENCH_SHELF_BENEFITS synthetic benefits (default 150, two
// SKUs each, Chinese and English names, in the demo categories and brands) on
// the demo tenant's shelf beside the demo's own offers, signs the demo member
// in, and starts one more catalog subgraph on the same database whose Prisma
// client counts the SQL statements it sends (createPrisma's onQuery; the
// top-up worker's `topup_order` polling is left out: it runs on its own timer).
// Over the fork() IPC channel:
//   -> { type: "ready", ... }        once, when everything is up
//   <- { type: "statements" }        -> { type: "statements", total }  (statements the counting catalog sent so far)
//   <- { type: "stats" }             -> { type: "stats", ... }         (CPU time and event-loop utilisation so far)
//   <- { type: "stop" }              stops everything, then exits
// The parent going away (IPC disconnect) also stops the hub.
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { accessTokenCodec, createLogger, type MemberIdentity, type RunningSubgraph } from "@benefits-hub/platform";
import { createPrisma, type FulfilmentKind, type PrismaClient } from "@benefits-hub/platform/db/client";
import { startCatalog } from "../subgraphs/catalog/src/server";
import { startTestHub, type TestHub } from "../test/support/hub";
import { hubChild } from "./hub-child";

export interface BrowseHubReady {
  type: "ready";
  gatewayUrl: string;
  /** The hub's catalog subgraph (what the gateway calls). */
  catalogUrl: string;
  /** The extra catalog subgraph whose SQL statements are counted (not under load). */
  countingCatalogUrl: string;
  internalSecret: string;
  member: { email: string; token: string; identity: MemberIdentity };
  /** Ids the filters of the benchmark use. */
  ids: { entertainmentCategoryId: string; coffeeBrandIds: string[] };
  shelf: { tenant: string; benefits: number; offers: number; syntheticBenefits: number };
  database: "embedded" | "postgresql";
  pid: number;
}

export interface BrowseHubStats {
  type: "stats";
  at: number;
  /** process.hrtime in µs: the clock of V8 CPU profiles, to cut a profile per run. */
  hrtimeUs: number;
  cpu: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
}

export type BrowseParentMessage = { type: "statements" } | { type: "stats" } | { type: "stop" };
export type BrowseChildMessage =
  BrowseHubReady | BrowseHubStats | { type: "statements"; total: number } | { type: "error"; message: string };

let hub: TestHub | undefined;
let counted: PrismaClient | undefined;
let countingCatalog: RunningSubgraph | undefined;
let statements = 0;
const { send, sendError, stop } = hubChild<BrowseChildMessage>("browse-hub-process.ts", "browse.ts", async () => {
  await countingCatalog?.close().catch((error) => console.error("[hub] close failed:", error));
  await counted?.$disconnect().catch(() => {});
  await hub?.stop();
});

/** What the synthetic benefits are: a category and brands of the demo catalog, a fulfilment kind, words. */
const templates: { category: string; brands: string[]; kind: FulfilmentKind; zh: string; en: string }[] = [
  {
    category: "video",
    brands: ["tencent-video", "iqiyi"],
    kind: "CARD_CODE",
    zh: "视频会员月卡",
    en: "video membership",
  },
  { category: "music", brands: ["netease-music"], kind: "CARD_CODE", zh: "音乐黑胶会员", en: "music membership" },
  { category: "coffee", brands: ["starbucks", "luckin"], kind: "CARD_CODE", zh: "咖啡兑换券", en: "coffee voucher" },
  { category: "meals", brands: ["mcdonalds"], kind: "CARD_CODE", zh: "套餐兑换券", en: "meal voucher" },
  { category: "fuel", brands: ["sinopec"], kind: "CARD_CODE", zh: "加油卡", en: "fuel card" },
  { category: "rides", brands: ["didi"], kind: "LINK", zh: "打车券", en: "ride voucher" },
  { category: "telecom", brands: ["china-mobile"], kind: "DIRECT_TOPUP", zh: "话费直充", en: "phone top-up" },
  { category: "learning", brands: ["geektime", "coursera"], kind: "LINK", zh: "在线课程", en: "online course" },
  { category: "wellbeing", brands: [], kind: "INTERNAL_SERVICE", zh: "健身房时段", en: "gym slot" },
];

async function topUpShelf(hub: TestHub, tenantId: string, count: number) {
  const { db, seed } = hub;
  const categories = new Map((await db.category.findMany()).map((c) => [c.slug, c.id]));
  const brands = new Map((await db.brand.findMany()).map((b) => [b.slug, b]));
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length]!;
    const brand = t.brands.length ? brands.get(t.brands[i % t.brands.length]!) : undefined;
    const face = 500 + ((i * 733) % 50) * 500;
    const benefit = await seed.benefit({
      slug: `bench-shelf-${i}`,
      name: `${brand?.name ?? "企业"}${t.zh} ${i}号`,
      nameEn: `${brand?.nameEn ?? "Company"} ${t.en} no. ${i}`,
      description: `${t.zh}，企业员工专享，第 ${i} 款。`,
      descriptionEn: `A ${t.en} for the company's staff, number ${i}.`,
      categoryId: categories.get(t.category)!,
      brandId: brand?.id,
      skus: [],
    });
    for (const [k, multiple] of [1, 2].entries()) {
      const sku = await seed.sku({
        benefitId: benefit.id,
        slug: `bench-shelf-${i}-${k}`,
        name: `${t.zh} ${(face * multiple) / 100} 元`,
        nameEn: `${t.en}, ${(face * multiple) / 100} yuan`,
        fulfilmentKind: t.kind,
        faceValueFen: face * multiple,
        salePriceFen: Math.round(face * multiple * 0.95),
      });
      await seed.shelfItem({ tenantId, skuId: sku.id, position: 100 + i });
    }
  }
}

try {
  hub = await startTestHub();
  const { db, secrets } = hub;
  const token = await hub.login(hub.demo.memberEmail);
  const identity = await accessTokenCodec(secrets.authSecret).verify(token);
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: identity.tenantId } });

  const synthetic = Number(process.env.BENCH_SHELF_BENEFITS ?? 150);
  if (!Number.isInteger(synthetic) || synthetic < 0) throw new Error("BENCH_SHELF_BENEFITS must be a whole number");
  await topUpShelf(hub, tenant.id, synthetic);
  const offers = await db.shelfItem.count({ where: { tenantId: tenant.id } });
  const benefits = (await db.shelfItem.groupBy({ by: ["benefitId"], where: { tenantId: tenant.id } })).length;

  counted = createPrisma({
    url: hub.databaseUrl,
    poolSize: 4,
    onQuery: (sql) => {
      // The top-up worker polls on its own timer: its statements are not the page's.
      if (!sql.includes("topup_order")) statements++;
    },
  });
  countingCatalog = await startCatalog({
    port: 0,
    db: counted,
    internalSecret: secrets.internalSecret,
    log: createLogger("catalog-counted", process.env.TEST_LOG_LEVEL ?? "silent"),
    pubsub: hub.pubsub,
    codeKeys: secrets.codeKeys,
    membershipUrl: hub.subgraphs.membership.url.replace(/\/graphql$/, ""),
  });

  const entertainment = await db.category.findUniqueOrThrow({ where: { slug: "entertainment" } });
  const coffeeBrands = await db.brand.findMany({ where: { slug: { in: ["starbucks", "luckin"] } } });
  send({
    type: "ready",
    gatewayUrl: hub.gatewayUrl,
    catalogUrl: hub.subgraphs.catalog.url,
    countingCatalogUrl: countingCatalog.url,
    internalSecret: secrets.internalSecret,
    member: { email: hub.demo.memberEmail, token, identity },
    ids: { entertainmentCategoryId: entertainment.id, coffeeBrandIds: coffeeBrands.map((b) => b.id) },
    shelf: { tenant: tenant.slug, benefits, offers, syntheticBenefits: synthetic },
    database: process.env.TEST_DATABASE_URL ? "postgresql" : "embedded",
    pid: process.pid,
  });
} catch (error) {
  sendError(error);
  await stop(1);
}

process.on("message", async (message: BrowseParentMessage) => {
  try {
    if (message.type === "statements") send({ type: "statements", total: statements });
    else if (message.type === "stats") {
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
