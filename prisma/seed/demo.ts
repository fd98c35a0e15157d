// Seeds the demo dataset, idempotently: a second run finds it and does nothing.
// Never for production: demo logins with a published password.
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { SeedBuilder } from "./builders";
import { hashSecret } from "../../subgraphs/membership/src/domain/secret-tokens";
import { DEMO_API_KEY, DEMO_PASSWORD, demoTenants, generatedMembers, platformTenant } from "./demo-data";
import { seedDemoCatalog, seedDemoShelf } from "./demo-catalog-seed";
import { seedDemoCodePools } from "./demo-codes";
import { seedDemoCampaigns } from "./demo-campaigns";
import { seedDemoHistory, seedDemoStatement, type HistoryOrder } from "./demo-history";

/** Months the demo budgets are for (money in fen: ¥500,000 at each root): fixed ones tests rely on, and this month and the next. */
function demoBudgetPeriods(now = new Date()): string[] {
  const month = (offset: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
  return [...new Set(["2026-11", "2026-12", month(0), month(1)])];
}

/** Generated employees per demo tenant, beside the named logins. */
const GENERATED_MEMBERS = 300;

export interface DemoSeedOptions {
  NODE_ENV?: string;
  /** The catalog's code keys: with them, every card-code SKU gets a pool of demo codes. */
  codeKeys?: { masterKeys: string; fingerprintKey: string };
  /** Demo campaigns, issuance rules and risk rules (default on; tests start without them). */
  campaigns?: boolean;
  /** Four months of past campaigns, claims, redemptions, budget movements and supplier orders (npm start; tests ask for it). */
  history?: boolean;
}

export async function seedDemo(db: PrismaClient, env: DemoSeedOptions = process.env): Promise<"seeded" | "present"> {
  if (env.NODE_ENV === "production") throw new Error("refusing to seed demo data in production");
  if (await db.tenant.findUnique({ where: { slug: demoTenants[0]!.slug } })) return "present";
  const seed = new SeedBuilder(db);
  const catalog = await seedDemoCatalog(seed);
  const benefits = catalog.benefits;
  const historyOrders: HistoryOrder[] = [];
  for (const t of demoTenants) {
    const tenant = await seed.tenant({ slug: t.slug, name: t.name });
    await seedDemoShelf(seed, tenant.id, t.slug, catalog.skuIds);
    const units = new Map<string, string>();
    for (const u of t.units) {
      const unit = await seed.orgUnit({ tenantId: tenant.id, name: u.name, parentId: u.parent && units.get(u.parent) });
      units.set(u.key, unit.id);
    }
    for (const [i, { unit, ...m }] of t.members.entries()) {
      const member = await seed.member({
        ...m,
        tenantId: tenant.id,
        orgUnitId: units.get(unit),
        password: DEMO_PASSWORD,
      });
      // Each member holds four benefits; the first of them already redeemed, so the dashboard has history.
      for (let k = 0; k < 4; k++) {
        const benefit = benefits[(i * 3 + k) % benefits.length]!;
        await seed.entitlement({
          tenantId: tenant.id,
          memberId: member.id,
          benefitId: benefit.id,
          state: k === 0 ? "REDEEMED" : "ISSUED",
        });
      }
    }
    // Budgets for this month and the next: the root is funded and hands part down the tree.
    for (const period of demoBudgetPeriods()) {
      await seed.fundBudget({ tenantId: tenant.id, orgUnitId: units.get("hq")!, period, amountFen: 50_000_000n });
      for (const u of t.units.filter((x) => x.parent)) {
        const depth = u.parent === "hq" ? 0 : 1;
        await seed.allocateBudget({
          tenantId: tenant.id,
          fromId: units.get(u.parent!)!,
          toId: units.get(u.key)!,
          period,
          amountFen: depth === 0 ? 15_000_000n : 4_000_000n,
        });
      }
    }
    // The rest of the workforce, spread over the units (no logins).
    const unitIds = [...units.values()];
    await db.member.createMany({
      data: generatedMembers(t.slug, GENERATED_MEMBERS).map((m, i) => ({
        ...m,
        tenantId: tenant.id,
        orgUnitId: unitIds[i % unitIds.length]!,
      })),
    });
    if (env.campaigns !== false) {
      const admin = await db.member.findUniqueOrThrow({ where: { email: t.members[0]!.email } });
      await seedDemoCampaigns(
        db,
        { tenantId: tenant.id, rootUnitId: units.get("hq")!, adminId: admin.id, full: t.slug === demoTenants[0]!.slug },
        catalog.skuIds,
      );
    }
    if (env.history) {
      const admin = await db.member.findUniqueOrThrow({ where: { email: t.members[0]!.email } });
      const orders = await seedDemoHistory(db, {
        tenantId: tenant.id,
        adminId: admin.id,
        units,
        skuIds: catalog.skuIds,
        full: t.slug === demoTenants[0]!.slug,
        fundedPeriods: demoBudgetPeriods(),
      });
      historyOrders.push(...orders);
    }
    if (t.slug === demoTenants[0]!.slug) {
      const admin = await db.member.findUniqueOrThrow({ where: { email: t.members[0]!.email } });
      await db.apiKey.create({
        data: {
          tenantId: tenant.id,
          name: DEMO_API_KEY.name,
          prefix: DEMO_API_KEY.prefix,
          secretHash: hashSecret(DEMO_API_KEY.secret),
          permissions: DEMO_API_KEY.permissions,
          createdById: admin.id,
        },
      });
    }
  }
  if (env.history) await seedDemoStatement(db, historyOrders);
  const platform = await seed.tenant({ slug: platformTenant.slug, name: platformTenant.name });
  await seed.member({
    ...platformTenant.operator,
    tenantId: platform.id,
    role: "PLATFORM_OPERATOR",
    password: DEMO_PASSWORD,
  });
  if (env.codeKeys) await seedDemoCodePools(db, env.codeKeys, platformTenant.operator.email);
  return "seeded";
}
