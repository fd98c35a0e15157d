// The data cockpit at /admin in Chromium, against the whole hub: a tenant admin sees tiles equal to what the
// API answers, switches the language to Chinese and back (the cookie keeps it, <html lang> follows), changes the
// range and sorts the breakdown; a unit manager sees their subtree's figures. Screenshots (desktop and a 390 px
// phone, zh-CN and en) go to $COCKPIT_SHOTS (default web/test/screenshots/).
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestHub, type TestHub } from "../../test/support/hub";
import { readCockpitState, type CockpitState } from "../components/cockpit/params";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const SHOTS = process.env.COCKPIT_SHOTS ?? fileURLToPath(new URL("./screenshots/", import.meta.url));
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const MANAGER_EMAIL = "manager@stellar.example";

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startTestHub({ web: true, campaigns: true });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  await mkdir(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

interface Kpi {
  current: number;
}
type Overview = Record<"issued" | "claimed" | "redeemed" | "cost" | "activeMembers", Kpi>;
interface BreakdownRow {
  key: string;
  label: string;
  counts: { issued: number; redeemed: number };
}

const OVERVIEW = `query ($filter: CockpitFilter!) {
  cockpitOverview(filter: $filter) { issued { current } claimed { current } redeemed { current } cost { current } activeMembers { current } }
}`;
const BREAKDOWN = `query ($filter: CockpitFilter!, $dimension: CockpitDimension!, $sortBy: CockpitMetric, $direction: CockpitSortDirection) {
  cockpitBreakdown(filter: $filter, dimension: $dimension, sortBy: $sortBy, direction: $direction, first: 10) {
    totalRows rows { key label counts { issued redeemed } }
  }
}`;

async function apiOverview(token: string, state: CockpitState): Promise<Overview> {
  const result = await hub.request<{ cockpitOverview: Overview }>(
    OVERVIEW,
    {
      filter: { from: state.from, to: state.to },
    },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.cockpitOverview;
}

async function apiBreakdown(token: string, state: CockpitState, sortBy: string, direction: string) {
  const result = await hub.request<{ cockpitBreakdown: { totalRows: number; rows: BreakdownRow[] } }>(
    BREAKDOWN,
    { filter: { from: state.from, to: state.to }, dimension: "ORG_UNIT", sortBy, direction },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.cockpitBreakdown;
}

/** Signs in through the login page and lands on /admin (the page's own state from the URL). */
async function openCockpit(email: string, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`${hub.webUrl}/admin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(hub.demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${hub.webUrl}/admin`);
  await page.getByTestId("kpi-issued").waitFor();
  return { context, page };
}

const tileValue = async (page: Page, key: string) =>
  Number(await page.getByTestId(`kpi-${key}-value`).getAttribute("data-value"));

const TILES = ["issued", "claimed", "redeemed", "cost", "activeMembers"] as const;

/** The tiles show the API's figures (waiting for a navigation's new figures to replace the old ones). */
async function expectTilesEqual(page: Page, overview: Overview) {
  const expected = Object.fromEntries(TILES.map((key) => [key, overview[key].current]));
  await page
    .waitForFunction(
      (want) =>
        Object.entries(want).every(
          ([key, value]) =>
            Number(document.querySelector(`[data-testid="kpi-${key}-value"]`)?.getAttribute("data-value")) === value,
        ),
      expected,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  for (const key of TILES) expect(await tileValue(page, key)).toBe(overview[key].current);
}

/** The cockpit state the page's URL describes (as the page itself reads it). */
const stateOf = (page: Page) => readCockpitState(Object.fromEntries(new URL(page.url()).searchParams));

async function switchLanguage(page: Page, locale: "en" | "zh-CN") {
  await page.getByTestId("language-switch").locator(`button[data-locale="${locale}"]`).click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
}

async function shoot(page: Page, name: string) {
  await page
    .locator('[data-testid="series-chart"][data-hydrated="true"], [data-testid="series-empty"]')
    .first()
    .waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test("a tenant admin reads the cockpit in both languages, changes the range and sorts the breakdown", async () => {
  const token = await hub.login(hub.demo.adminEmail);
  const { context, page } = await openCockpit(hub.demo.adminEmail);

  // English (the browser asks for it), tiles equal to the API's overview of the default range.
  expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
  const initial = stateOf(page);
  const overview = await apiOverview(token, initial);
  expect(overview.issued.current).toBeGreaterThan(0);
  await expectTilesEqual(page, overview);
  expect(await page.getByTestId("kpi-issued").textContent()).toContain("Issued");
  expect(await page.getByTestId("kpi-cost-value").textContent()).toContain("¥");
  await page.getByTestId("cockpit-live").and(page.locator('[data-status="live"]')).waitFor({ timeout: 15_000 });

  // Live: a member redeems; the tile moves without a reload.
  const memberToken = await hub.login(hub.demo.memberEmail);
  const mine = await hub.request<{ myEntitlements: { id: string; state: string }[] }>(
    "{ myEntitlements { id state } }",
    {},
    memberToken,
  );
  const target = mine.data?.myEntitlements.find((e) => e.state === "ISSUED");
  if (!target) throw new Error("the demo member holds no ISSUED entitlement");
  const redeemedBefore = await tileValue(page, "redeemed");
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  const redeemed = await hub.request(
    "mutation ($input: RedeemEntitlementInput!) { redeemEntitlement(input: $input) { errors { code } } }",
    { input: { entitlementId: target.id } },
    memberToken,
  );
  expect(redeemed.data?.redeemEntitlement.errors).toEqual([]);
  await page.waitForFunction(
    (want) => Number(document.querySelector('[data-testid="kpi-redeemed-value"]')?.getAttribute("data-value")) === want,
    redeemedBefore + 1,
    { timeout: 15_000 },
  );
  expect(await page.evaluate(() => "__sameDocument" in window)).toBe(true);

  // 中文: kept in a cookie; the server then answers in Chinese, the chart already drawn (SVG) in its HTML.
  await switchLanguage(page, "zh-CN");
  expect(await page.getByTestId("kpi-issued").textContent()).toContain("发放");
  expect((await context.cookies()).find((c) => c.name === "NEXT_LOCALE")?.value).toBe("zh-CN");
  const html = await (await context.request.get(`${hub.webUrl}/admin`)).text();
  expect(html).toContain('<html lang="zh-CN"');
  expect(html).toMatch(/data-testid="series-chart"[^>]*>\s*<svg/);
  expect(html).toContain("发放");
  await shoot(page, "cockpit-zh-desktop");
  await page.setViewportSize(PHONE);
  await shoot(page, "cockpit-zh-phone");
  await page.setViewportSize(DESKTOP);
  await switchLanguage(page, "en");
  expect(await page.getByTestId("kpi-issued").textContent()).toContain("Issued");
  await shoot(page, "cockpit-en-desktop");

  // The range: last 7 days; the tiles follow.
  await page.locator('[data-preset="7d"]').click();
  await page.waitForURL(/range=7d/);
  const week = stateOf(page);
  expect(await page.getByTestId("range-text").textContent()).toContain(week.from);
  await page.waitForFunction(
    (from) => document.querySelector('[data-testid="range-text"]')?.textContent?.includes(from),
    week.from,
  );
  await expectTilesEqual(page, await apiOverview(token, week));

  // Sort the breakdown (org units) by redeemed, descending then ascending: the API's order.
  await page.locator('[data-preset="30d"]').click();
  await page.waitForURL((url) => !url.search.includes("range=7d"));
  for (const direction of ["DESC", "ASC"]) {
    await page.locator('[data-testid="breakdown"] button[data-column="redeemed"]').click();
    await page.waitForURL(new RegExp(`sort=REDEEMED${direction === "ASC" ? ".*dir=ASC" : ""}`));
    const header = page.locator("th", { has: page.locator('button[data-column="redeemed"]') });
    await page.waitForFunction(
      (sort) =>
        document
          .querySelector('th[aria-sort] button[data-column="redeemed"]')
          ?.closest("th")
          ?.getAttribute("aria-sort") === sort,
      direction === "ASC" ? "ascending" : "descending",
    );
    expect(await header.getAttribute("aria-sort")).toBe(direction === "ASC" ? "ascending" : "descending");
    const expected = await apiBreakdown(token, stateOf(page), "REDEEMED", direction);
    const keys = await page
      .getByTestId("breakdown-row")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key")));
    expect(keys).toEqual(expected.rows.map((row) => row.key || "-"));
  }

  await page.setViewportSize(PHONE);
  await shoot(page, "cockpit-en-phone");
  await context.close();
}, 60_000);

/** A member claims a live CLAIM campaign of their tenant (an entitlement in their org unit). */
async function claimOne(email: string): Promise<void> {
  const token = await hub.login(email);
  const open = await hub.request<{ claimableCampaigns: { id: string; channel: string; kind: string }[] }>(
    "{ claimableCampaigns { id channel kind } }",
    {},
    token,
  );
  const campaign = open.data?.claimableCampaigns.find((c) => c.channel === "CLAIM" && c.kind === "SINGLE");
  if (!campaign) throw new Error(`${email} has no campaign to claim: ${JSON.stringify(open)}`);
  const claimed = await hub.request(
    "mutation ($i: ClaimCampaignInput!) { claimCampaign(input: $i) { entitlement { id } errors { code } } }",
    { i: { campaignId: campaign.id, idempotencyKey: randomUUID() } },
    token,
  );
  expect(claimed.data?.claimCampaign.errors).toEqual([]);
}

/** Waits until analytics has counted at least `issued` issued entitlements for the holder of `token`. */
async function waitForIssued(token: string, state: CockpitState, issued: number): Promise<Overview> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const overview = await apiOverview(token, state);
    if (overview.issued.current >= issued || Date.now() > deadline) return overview;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test("a unit manager sees the cockpit of their subtree", async () => {
  const token = await hub.login(MANAGER_EMAIL);
  const adminToken = await hub.login(hub.demo.adminEmail);
  const state = readCockpitState({});
  const [mineBefore, tenantBefore] = [await apiOverview(token, state), await apiOverview(adminToken, state)];
  // One claim in Beijing (the manager's subtree), one in Shanghai (outside it).
  await claimOne(hub.demo.memberEmail);
  await claimOne("emily.zhao@stellar.example");
  const tenant = await waitForIssued(adminToken, state, tenantBefore.issued.current + 2);
  const mine = await waitForIssued(token, state, mineBefore.issued.current + 1);
  expect(tenant.issued.current).toBe(tenantBefore.issued.current + 2);
  expect(mine.issued.current).toBe(mineBefore.issued.current + 1);

  const { context, page } = await openCockpit(MANAGER_EMAIL);
  expect(stateOf(page)).toEqual(state);
  expect(await page.getByTestId("cockpit-scope").textContent()).toContain("Beijing");
  await expectTilesEqual(page, mine);

  // Every org unit in the breakdown is the manager's unit or under it.
  const me = await hub.request<{ me: { orgUnit: { id: string; descendants: { units: { id: string }[] } } } }>(
    "{ me { orgUnit { id descendants(first: 500) { units { id } } } } }",
    {},
    token,
  );
  const subtree = new Set([me.data!.me.orgUnit.id, ...me.data!.me.orgUnit.descendants.units.map((u) => u.id)]);
  const keys = await page
    .getByTestId("breakdown-row")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key")));
  for (const key of keys) expect(subtree.has(key!)).toBe(true);

  // Drill into the first unit and back.
  if (keys.length > 0) {
    await page.getByTestId("breakdown-row").first().click();
    await page.waitForURL(/org=/);
    await page.getByTestId("cockpit-trail").waitFor();
    await expectTilesEqual(page, await apiOverviewFor(token, { ...stateOf(page) }, keys[0]!));
    await page.getByTestId("trail-all").click();
    await page.waitForURL((url) => !url.search.includes("org="));
  }
  await shoot(page, "cockpit-manager-en-desktop");
  await context.close();
}, 60_000);

async function apiOverviewFor(token: string, state: CockpitState, orgUnitId: string): Promise<Overview> {
  const result = await hub.request<{ cockpitOverview: Overview }>(
    OVERVIEW,
    { filter: { from: state.from, to: state.to, orgUnitIds: [orgUnitId] } },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.cockpitOverview;
}
