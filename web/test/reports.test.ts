// End-to-end: the report pages (campaign report with its A/B panel, budget burn, reconciliation) in the built web
// app against the whole hub, through Debian's Chromium, as a tenant admin (in both languages, desktop and phone
// width, with screenshots in /tmp/shots) and as a member (refused).
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { appendOutboxEvents } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../test/support/hub";
import { skuSupplyFacts } from "../../subgraphs/catalog/src/data/suppliers/supplier-events.repository";
import { statementLineEvent, supplierOrderEvent } from "../../subgraphs/catalog/src/domain/suppliers/supplier-events";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SHOTS = "/tmp/shots";
const OPERATOR_EMAIL = "operator@benefitshub.example";
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let hub: TestHub;
let browser: Browser;
let adminToken: string;
let abCampaignId: string;

const CLAIM = `mutation ($input: ClaimCampaignInput!) {
  claimCampaign(input: $input) { entitlement { id state variant } errors { code message } }
}`;
const REDEEM = `mutation ($input: RedeemEntitlementInput!) {
  redeemEntitlement(input: $input) { entitlement { id state } errors { code message } }
}`;
const REPORT = `query ($id: ID!) {
  campaignReport(campaignId: $id) {
    name counts { issued claimed redeemed cost }
    abTest { significant winner pValue variants { variant issued redeemed } }
  }
}`;

interface ReportData {
  campaignReport: {
    name: string;
    counts: { issued: number; claimed: number; redeemed: number; cost: string };
    abTest: {
      significant: boolean;
      winner: string | null;
      pValue: number | null;
      variants: { variant: string; issued: number; redeemed: number }[];
    } | null;
  } | null;
}

beforeAll(async () => {
  hub = await startTestHub({ web: true, campaigns: true });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  await mkdir(SHOTS, { recursive: true });
  adminToken = await hub.login(hub.demo.adminEmail);

  // Activity on the demo's A/B campaign: four members claim it (each gets variant A or B), two redeem.
  const campaigns = await hub.request<{ campaigns: { id: string; name: string }[] }>(
    "{ campaigns { id name } }",
    {},
    adminToken,
  );
  abCampaignId = campaigns.data!.campaigns.find((c) => c.name.includes("A/B"))!.id;
  const members = [
    hub.demo.memberEmail,
    "chen.wei@stellar.example",
    "emily.zhao@stellar.example",
    "manager@stellar.example",
  ];
  for (const [index, email] of members.entries()) {
    const token = await hub.login(email);
    const claimed = await hub.request(
      CLAIM,
      { input: { campaignId: abCampaignId, idempotencyKey: randomUUID() } },
      token,
    );
    expect(claimed.data.claimCampaign.errors).toEqual([]);
    if (index % 2 === 0) {
      const redeemed = await hub.request(
        REDEEM,
        { input: { entitlementId: claimed.data.claimCampaign.entitlement.id, idempotencyKey: randomUUID() } },
        token,
      );
      expect(redeemed.data.redeemEntitlement.errors).toEqual([]);
    }
  }
  await plantSupplierActivity();
  // The cockpit learns from the outbox: wait until the report counts all four claims and both redemptions.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const report = (await hub.request<ReportData>(REPORT, { id: abCampaignId }, adminToken)).data?.campaignReport;
    if (report && report.counts.issued >= 4 && report.counts.redeemed >= 2) break;
    if (Date.now() > deadline)
      throw new Error(`the campaign report never counted the activity: ${JSON.stringify(report)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 180_000);

/** Orders planted in the catalog's outbox and not billed by the statement: more than one page of mismatches. */
const UNBILLED_ORDERS = 22;

/**
 * A supplier's month as catalog would publish it (the events its services write, built with its own builders):
 * orders for stellar, and an imported statement that bills one order right, one at another amount, one order
 * never placed, and leaves UNBILLED_ORDERS orders out.
 */
async function plantSupplierActivity() {
  const stellar = await hub.db.tenant.findFirstOrThrow({ where: { slug: "stellar" } });
  const sku = await hub.db.sku.findFirstOrThrow({ where: { supplierId: { not: null } } });
  const facts = (await skuSupplyFacts(hub.db, sku.id))!;
  const order = (reference: string) =>
    supplierOrderEvent("supplier.order_succeeded", facts, {
      tenantId: stellar.id,
      reference,
      skuId: sku.id,
      entitlementId: randomUUID(),
      quantity: 1,
      kind: "TOPUP",
    });
  const now = new Date();
  const line = (reference: string, amountFen: number) =>
    statementLineEvent({
      supplierId: facts.supplierId,
      statementId: "reports-test-statement",
      from: new Date(now.getTime() - 86_400_000).toISOString(),
      to: new Date(now.getTime() + 86_400_000).toISOString(),
      reference,
      productId: sku.supplierProductId ?? "product",
      skuId: sku.id,
      quantity: 1,
      amountFen,
      billedAt: now.toISOString(),
    });
  const unbilled = Array.from({ length: UNBILLED_ORDERS }, (_, i) => order(`RPT-MISSING-${i}`));
  await appendOutboxEvents(hub.db, "catalog", [
    order("RPT-MATCHED"),
    order("RPT-AMOUNT"),
    ...unbilled,
    line("RPT-MATCHED", facts.costPriceFen),
    line("RPT-AMOUNT", facts.costPriceFen + 200),
    line("RPT-EXTRA", 990),
  ]);
}

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/** A browser context signed in as `email` (its access token in the web app's session cookie), in `locale`. */
async function signedIn(email: string, locale: "en" | "zh-CN", viewport = DESKTOP): Promise<BrowserContext> {
  const token = email === hub.demo.adminEmail ? adminToken : await hub.login(email);
  const context = await browser.newContext({ viewport, locale });
  await context.addCookies([
    { name: "hub_token", value: token, url: hub.webUrl },
    { name: "NEXT_LOCALE", value: locale, url: hub.webUrl },
  ]);
  return context;
}

/**
 * The page at phone width: a full-page screenshot, and nothing wider than the screen (a phone reads it without
 * scrolling sideways; wide tables scroll inside their panel). Back to desktop width afterwards.
 */
async function phoneCheck(page: Page, shot: string) {
  await page.setViewportSize(PHONE);
  await page.reload();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${shot}-phone.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
  await page.setViewportSize(DESKTOP);
}

async function desktopShot(page: Page, shot: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${shot}-desktop.png`, fullPage: true });
}

const rowCount = (page: Page, expected: number) =>
  page.waitForFunction((n) => document.querySelectorAll('[data-testid="mismatch-row"]').length === n, expected);

test("the campaign report shows the API's figures, the A/B verdict and export links, in both languages", async () => {
  const api = (await hub.request<ReportData>(REPORT, { id: abCampaignId }, adminToken)).data!.campaignReport!;
  expect(api.abTest).not.toBeNull();
  const reportUrl = `${hub.webUrl}/admin/campaigns/${abCampaignId}/report`;

  for (const locale of ["en", "zh-CN"] as const) {
    const context = await signedIn(hub.demo.adminEmail, locale);
    const page = await context.newPage();
    if (locale === "en") {
      // From the campaign list's link.
      await page.goto(`${hub.webUrl}/admin/campaigns`);
      await page.locator(`[data-campaign-id="${abCampaignId}"] [data-testid="admin-campaign-report"]`).click();
      await page.waitForURL(reportUrl);
    } else {
      await page.goto(reportUrl);
    }
    expect(await page.getByTestId("report-title").textContent()).toBe(api.name);
    const count = (n: number) => new Intl.NumberFormat(locale).format(n);
    expect(await page.getByTestId("kpi-issued-value").textContent()).toBe(count(api.counts.issued));
    expect(await page.getByTestId("kpi-redeemed-value").textContent()).toBe(count(api.counts.redeemed));
    expect(await page.getByTestId("kpi-cost-value").textContent()).toContain(
      new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(Number(api.counts.cost) / 100),
    );
    expect(await page.getByTestId("roi-footnote").textContent()).toContain("ROI");
    // The chart is drawn on the server as SVG.
    expect(await page.locator('[data-testid="campaign-series"] svg').count()).toBeGreaterThan(0);

    // The A/B panel: one row per variant, an interval for each, and the verdict the API gives.
    const panel = page.getByTestId("ab-panel");
    expect(await panel.getByTestId("ab-variant").count()).toBe(api.abTest!.variants.length);
    for (const interval of await panel.getByTestId("ab-interval").allTextContents())
      expect(interval).toMatch(/%.*–.*%/);
    const verdict = (await panel.getByTestId("ab-verdict").textContent()) ?? "";
    if (api.abTest!.significant && api.abTest!.winner) {
      expect(await panel.getAttribute("data-verdict")).toBe("winner");
      expect(verdict).toContain(api.abTest!.winner);
    } else {
      expect(await panel.getAttribute("data-verdict")).not.toBe("winner");
      expect(verdict).toMatch(locale === "en" ? /no winner/i : /无法判定|暂无胜出/);
    }

    // Export links carry the campaign, the format and the page's language.
    for (const format of ["csv", "xlsx"]) {
      const href = await page.getByTestId(`export-${format}`).getAttribute("href");
      const url = new URL(href!, hub.webUrl);
      expect(url.pathname).toBe("/api/export");
      expect(Object.fromEntries(url.searchParams)).toEqual({
        report: "campaign",
        campaignId: abCampaignId,
        format,
        lang: locale,
      });
    }
    await desktopShot(page, `reports-campaign-${locale}`);
    await phoneCheck(page, `reports-campaign-${locale}`);
    await context.close();
  }

  const context = await signedIn(hub.demo.adminEmail, "en");
  const page = await context.newPage();
  // A narrower period goes into the export link too.
  await page.goto(`${reportUrl}?from=2026-01-01&to=2026-12-31&granularity=WEEK`);
  const narrowed = new URL((await page.getByTestId("export-csv").getAttribute("href"))!, hub.webUrl);
  expect(narrowed.searchParams.get("from")).toBe("2026-01-01");
  expect(narrowed.searchParams.get("to")).toBe("2026-12-31");
  // An unknown campaign, and a malformed id: the not-found page, as HTTP 404.
  for (const id of [randomUUID(), "not-an-id"]) {
    const response = await page.goto(`${hub.webUrl}/admin/campaigns/${id}/report`);
    expect(response?.status()).toBe(404);
    await page.getByTestId("report-not-found").waitFor();
  }
  await context.close();
});

test("budget burn: the unit's figures, a sortable table of the units below, and a drill into one", async () => {
  const period = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const api = await hub.request<{ budgetBurn: { orgUnitId: string; orgUnitName: string; committed: string }[] }>(
    "query ($p: String!) { budgetBurn(period: $p) { orgUnitId orgUnitName committed } }",
    { p: period },
    adminToken,
  );
  expect(api.errors).toBeUndefined();
  const [root, ...children] = api.data!.budgetBurn;
  expect(root).toBeDefined();
  expect(children.length).toBeGreaterThan(0);

  for (const locale of ["en", "zh-CN"] as const) {
    const context = await signedIn(hub.demo.adminEmail, locale);
    const page = await context.newPage();
    await page.goto(`${hub.webUrl}/admin`);
    await page
      .getByRole("navigation")
      .getByRole("link", { name: locale === "en" ? "Budget burn" : "预算消耗" })
      .click();
    await page.waitForURL(`${hub.webUrl}/admin/budgets/burn`);
    expect(await page.getByTestId("burn-unit-name").textContent()).toContain(root!.orgUnitName);
    expect(await page.locator('[data-testid="burn-chart"] svg').count()).toBeGreaterThan(0);
    const names = () => page.getByTestId("burn-row-name").allTextContents();
    expect((await names()).sort()).toEqual(children.map((c) => c.orgUnitName).sort());
    await desktopShot(page, `reports-burn-${locale}`);
    await phoneCheck(page, `reports-burn-${locale}`);
    if (locale === "en") {
      // Sorting by name: one click ascending, the next descending.
      const byName = page.locator('[data-testid="burn"] button[data-column="name"]');
      await byName.click();
      const ascending = await names();
      await byName.click();
      expect(await names()).toEqual([...ascending].reverse());

      // Drill into a child: its own page, with the way back up.
      const child = children[0]!;
      await page.locator(`[data-testid="burn-row"][data-key="${child.orgUnitId}"] a`).click();
      await page.waitForURL((url) => url.searchParams.get("unit") === child.orgUnitId);
      expect(await page.getByTestId("burn-unit-name").textContent()).toContain(child.orgUnitName);
      expect(await page.getByTestId("burn-trail").getByRole("link").count()).toBeGreaterThan(0);
    }
    await context.close();
  }
});

test("reconciliation: the three totals side by side, mismatches by kind and paged, an export with the same filters", async () => {
  const from = "2026-01-01";
  const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const ask = () =>
    hub.request<{
      reconciliation: {
        statementLines: number;
        orders: number;
        entitlementsIssued: number;
        matched: number;
        mismatches: { kind: string; reference: string }[];
      };
    }>(
      `query ($from: String!, $to: String!) {
        reconciliation(from: $from, to: $to) { statementLines orders entitlementsIssued matched mismatches { kind reference } }
      }`,
      { from, to },
      adminToken,
    );
  // The planted statement and orders reach analytics through the catalog outbox.
  let api = await ask();
  for (const deadline = Date.now() + 20_000; (api.data?.reconciliation.orders ?? 0) < UNBILLED_ORDERS + 2;) {
    if (Date.now() > deadline) throw new Error(`the planted statement never arrived: ${JSON.stringify(api)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    api = await ask();
  }
  expect(api.errors).toBeUndefined();
  const recon = api.data!.reconciliation;
  const kinds = new Map<string, string[]>();
  for (const m of recon.mismatches) kinds.set(m.kind, [...(kinds.get(m.kind) ?? []), m.reference]);
  // A statement line for no order of ours belongs to no tenant: only platform operators see it (below).
  expect(kinds.get("EXTRA_IN_STATEMENT")).toBeUndefined();
  expect(kinds.get("AMOUNT_MISMATCH")).toEqual(["RPT-AMOUNT"]);
  expect(kinds.get("MISSING_IN_STATEMENT")).toHaveLength(UNBILLED_ORDERS);
  const reconUrl = `${hub.webUrl}/admin/reconciliation?from=${from}&to=${to}`;

  for (const locale of ["en", "zh-CN"] as const) {
    const context = await signedIn(hub.demo.adminEmail, locale);
    const page = await context.newPage();
    await page.goto(reconUrl);
    const count = (n: number) => new Intl.NumberFormat(locale).format(n);
    expect(await page.getByTestId("recon-statement").textContent()).toContain(count(recon.statementLines));
    expect(await page.getByTestId("recon-orders").textContent()).toContain(count(recon.orders));
    expect(await page.getByTestId("recon-entitlements").textContent()).toContain(count(recon.entitlementsIssued));
    expect(await page.getByTestId("recon-matched").textContent()).toContain(count(recon.matched));
    // Every mismatch, 20 a page.
    await rowCount(page, 20);
    expect(await page.getByTestId("mismatch-page").textContent()).toContain(
      String(Math.ceil(recon.mismatches.length / 20)),
    );
    const href = await page.getByTestId("export-xlsx").getAttribute("href");
    expect(Object.fromEntries(new URL(href!, hub.webUrl).searchParams)).toEqual({
      report: "reconciliation",
      from,
      to,
      format: "xlsx",
      lang: locale,
    });
    await desktopShot(page, `reports-reconciliation-${locale}`);
    await phoneCheck(page, `reports-reconciliation-${locale}`);
    if (locale === "en") {
      // The next page, then a kind's chip narrows the list to that kind, and "All" brings every kind back.
      await page.getByRole("button", { name: "Next" }).click();
      await rowCount(page, Math.min(20, recon.mismatches.length - 20));
      await page.locator('[data-testid="mismatch-kinds"] [data-kind="AMOUNT_MISMATCH"]').click();
      await rowCount(page, 1);
      expect(await page.getByTestId("mismatch-row").first().textContent()).toContain("RPT-AMOUNT");
      await page.locator('[data-testid="mismatch-kinds"] [data-kind="ALL"]').click();
      await rowCount(page, 20);
      // The nav leads here.
      await page.getByRole("navigation").getByRole("link", { name: "Reconciliation" }).click();
      await page.waitForURL((url) => url.pathname === "/admin/reconciliation" && !url.search);
    }
    await context.close();
  }

  // A platform operator reconciles every tenant: the line billed for no order is there too.
  const operator = await signedIn(OPERATOR_EMAIL, "en");
  const page = await operator.newPage();
  await page.goto(reconUrl);
  await page.locator('[data-testid="mismatch-kinds"] [data-kind="EXTRA_IN_STATEMENT"]').click();
  await rowCount(page, 1);
  expect(await page.getByTestId("mismatch-row").first().textContent()).toContain("RPT-EXTRA");
  await operator.close();
});

test("a member is refused every report page (sent to sign in as an admin)", async () => {
  const context = await signedIn(hub.demo.memberEmail, "en");
  const page = await context.newPage();
  for (const path of [`/admin/campaigns/${abCampaignId}/report`, "/admin/budgets/burn", "/admin/reconciliation"]) {
    await page.goto(`${hub.webUrl}${path}`);
    // Pages with a loading state stream: their refusal may come as a redirect after the first bytes.
    await page.waitForURL((url) => url.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("reason")).toBe("forbidden");
  }
  await context.close();
});
