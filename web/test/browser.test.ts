// End-to-end: the built web app against the whole hub, driven through Debian's Chromium.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestHub, type TestHub } from "../../test/support/hub";
import { demoBenefits, demoShelves } from "../../prisma/seed/demo-catalog";
import { formatFen, formatPrice } from "../lib/format";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const LIVE_UPDATE_TIMEOUT_MS = 15_000;

interface EntitlementsData {
  myEntitlements: { id: string; state: string; benefit: { id: string } }[];
}
interface RedeemData {
  redeemEntitlement: { entitlement: { id: string; state: string } | null; errors: { code: string; message: string }[] };
}

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startTestHub({ web: true });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  await mkdir(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function readNumber(page: Page, testId: string): Promise<number> {
  const cell = page.getByTestId(testId);
  if ((await cell.count()) === 0) return 0;
  return Number((await cell.textContent())?.replace(/\D/g, ""));
}

function waitForNumber(page: Page, testId: string, expected: number): Promise<unknown> {
  return page.waitForFunction(
    ([id, value]) => Number(document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\D/g, "")) === value,
    [testId, expected] as const,
    { timeout: LIVE_UPDATE_TIMEOUT_MS },
  );
}

interface ShelfData {
  shelf: {
    totalCount: number;
    edges: {
      node: {
        fromPriceFen: number;
        benefit: { id: string; name: string };
        offers: { priceFen: number; sku: { name: string; inStock: boolean } }[];
      };
    }[];
  };
}

const SHELF_QUERY = `query ($filter: ShelfFilter, $sort: ShelfSort) {
  shelf(filter: $filter, sort: $sort, first: 100) {
    totalCount
    edges { node { fromPriceFen benefit { id name } offers { priceFen sku { name inStock } } } }
  }
}`;

/** The shelf as the API gives it to the holder of `token`: the page must show exactly this. */
async function apiShelf(token: string, filter: object = {}, sort = "RECOMMENDED") {
  const result = await hub.request<ShelfData>(SHELF_QUERY, { filter, sort }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.shelf.edges.map((edge) => edge.node);
}

async function apiShelfNames(token: string, filter: object = {}, sort = "RECOMMENDED"): Promise<string[]> {
  return (await apiShelf(token, filter, sort)).map((node) => node.benefit.name);
}

const cardNames = (page: Page) => page.getByTestId("benefit-name").allTextContents();
const sorted = (names: string[]) => [...names].sort();

/** Opens the mall as an anonymous visitor, follows its sign-in link and signs in; back on the mall. */
async function signInToMall(email: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${hub.webUrl}/`);
  await page.getByTestId("mall-sign-in").getByRole("link", { name: "Sign in" }).click();
  await page.waitForURL(`${hub.webUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(hub.demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${hub.webUrl}/`);
  return { page, close: () => context.close() };
}

/** Demo benefits offered (to every tier) on `tenant`'s shelf, and SKUs that only `other` offers. */
function demoShelfDifference(tenant: string, other: string) {
  const offered = (shelf: string) => new Set((demoShelves[shelf] ?? []).map((offer) => offer.sku));
  const mine = offered(tenant);
  const theirs = offered(other);
  const forEveryTier = new Set((demoShelves[tenant] ?? []).filter((o) => !o.tiers?.length).map((o) => o.sku));
  const onlyMine = demoBenefits
    .filter((b) => b.skus.some((s) => forEveryTier.has(s.slug)) && !b.skus.some((s) => theirs.has(s.slug)))
    .map((b) => b.name);
  const skusOnlyTheirs = demoBenefits.flatMap((b) => b.skus).filter((s) => theirs.has(s.slug) && !mine.has(s.slug));
  return { onlyMine, skusOnlyTheirs: skusOnlyTheirs.map((s) => s.name) };
}

test("an anonymous visitor is asked to sign in, not shown an error", async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${hub.webUrl}/`);
  expect(response?.status()).toBe(200);
  const prompt = page.getByTestId("mall-sign-in");
  await prompt.waitFor();
  expect(await prompt.getByRole("heading").textContent()).toBe("Sign in to see your benefits");
  expect(await prompt.getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/login");
  expect(await page.getByTestId("shelf-card").count()).toBe(0);
  expect(await page.getByTestId("catalog-unavailable").count()).toBe(0);
  await page.close();
});

test("a member of stellar sees stellar's shelf, at stellar's prices", async () => {
  const token = await hub.login(hub.demo.memberEmail);
  const expected = await apiShelf(token);
  const { onlyMine, skusOnlyTheirs } = demoShelfDifference("stellar", "harbour");
  expect(onlyMine.length).toBeGreaterThan(0);
  expect(skusOnlyTheirs.length).toBeGreaterThan(0);

  const { page, close } = await signInToMall(hub.demo.memberEmail);
  await page.goto(`${hub.webUrl}/?size=100`);
  const shown = await cardNames(page);
  expect(sorted(shown)).toEqual(sorted(expected.map((node) => node.benefit.name)));
  for (const name of onlyMine) expect(shown).toContain(name);
  const offerNames = await page.getByTestId("offer-name").allTextContents();
  expect(offerNames.length).toBe(expected.flatMap((node) => node.offers).length);
  for (const name of skusOnlyTheirs) expect(offerNames).not.toContain(name);
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Stellar");

  // Stellar sells the Tencent Video month for ¥25 (harbour: ¥30), as card codes.
  const tencent = page.getByTestId("shelf-card").filter({ hasText: "腾讯视频 VIP 会员" });
  expect(await tencent.getByTestId("benefit-name-en").textContent()).toBe("Tencent Video VIP");
  expect(await tencent.getByTestId("brand").textContent()).toContain("腾讯视频");
  expect(await tencent.getByTestId("category").textContent()).toContain("Video memberships");
  expect(await tencent.getByTestId("from-price").textContent()).toBe(formatPrice(2500));
  expect(await tencent.getByTestId("fulfilment").allTextContents()).toEqual(["卡密 Card code"]);
  for (const node of expected) {
    const card = page.locator(`[data-testid="shelf-card"][data-benefit-id="${node.benefit.id}"]`);
    expect(await card.getByTestId("from-price").textContent()).toBe(formatPrice(node.fromPriceFen));
    const inStock = node.offers.some((offer) => offer.sku.inStock);
    expect(await card.getByTestId("stock").textContent()).toBe(inStock ? "In stock" : "Sold out");
    expect(await card.getByTestId("offer-price").allTextContents()).toEqual(
      node.offers.map((offer) => formatPrice(offer.priceFen)),
    );
  }
  expect(await page.getByTestId("catalog-unavailable").count()).toBe(0);
  await page.screenshot({ path: `${SCREENSHOTS}mall.png`, fullPage: true });
  await close();
});

test("filters and search in the URL narrow the shelf, and the filter form writes them", async () => {
  const token = await hub.login(hub.demo.memberEmail);
  const all = await apiShelfNames(token);
  const { page, close } = await signInToMall(hub.demo.memberEmail);
  const visit = async (search: string) => {
    const response = await page.goto(`${hub.webUrl}/${search}`);
    expect(response?.status()).toBe(200);
    return cardNames(page);
  };

  // Chinese and English keywords.
  expect(await visit("?q=拿铁")).toEqual(["星巴克拿铁券"]);
  expect(sorted(await visit("?q=coffee"))).toEqual(sorted(await apiShelfNames(token, { keyword: "coffee" })));

  // A category (with what is below it), a brand, a price range in yuan, a fulfilment kind.
  const { data } = await hub.request<{ categories: { id: string; slug: string }[] }>("{ categories { id slug } }");
  const idOf = (list: { id: string; slug: string }[] | undefined, slug: string) =>
    list?.find((x) => x.slug === slug)?.id;
  const dining = await visit("?category=dining");
  expect(sorted(dining)).toEqual(sorted(await apiShelfNames(token, { categoryId: idOf(data?.categories, "dining") })));
  expect(dining.length).toBeGreaterThan(1);
  expect(dining.length).toBeLessThan(all.length);
  expect(await visit("?brand=starbucks")).toEqual(["星巴克拿铁券"]);

  const cheapCodes = await visit("?max=20&kind=CARD_CODE");
  expect(sorted(cheapCodes)).toEqual(
    sorted(await apiShelfNames(token, { maxPriceFen: 2000, fulfilmentKinds: ["CARD_CODE"] })),
  );
  expect(cheapCodes.length).toBeGreaterThan(0);
  expect(cheapCodes.length).toBeLessThan(all.length);
  for (const price of await page.getByTestId("offer-price").allTextContents())
    expect(Number(price.replace(/[^\d.]/g, ""))).toBeLessThanOrEqual(20);
  for (const kind of await page.getByTestId("fulfilment").allTextContents()) expect(kind).toBe("卡密 Card code");

  const byPrice = await visit("?sort=PRICE_DESC&size=100");
  expect(byPrice).toEqual(await apiShelfNames(token, {}, "PRICE_DESC"));

  // A bad price is reported and left out; the rest of the filter still applies.
  expect(await visit("?q=拿铁&min=abc")).toEqual(["星巴克拿铁券"]);
  expect(await page.getByTestId("filter-problems").textContent()).toContain("Enter the lowest price in yuan");

  // The form (no script needed: a GET form) puts the filter in the URL.
  await visit("");
  await page.getByLabel("Search").fill("latte");
  await page.getByLabel("Brand").selectOption("starbucks");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === "latte");
  expect(new URL(page.url()).searchParams.get("brand")).toBe("starbucks");
  expect(await cardNames(page)).toEqual(["星巴克拿铁券"]);

  // Nothing matches: say so, and offer to clear the filters.
  expect(await visit("?q=no-such-benefit-anywhere")).toEqual([]);
  const empty = page.getByTestId("shelf-empty");
  expect(await empty.getByRole("heading").textContent()).toBe("No benefits match these filters");
  await empty.getByRole("link", { name: "clear the filters" }).click();
  await page.waitForURL(`${hub.webUrl}/`);
  expect(await page.getByTestId("shelf-card").count()).toBe(Math.min(all.length, 12));
  await close();
});

test("the mall pages through the shelf with cursors", async () => {
  const token = await hub.login(hub.demo.memberEmail);
  const all = await apiShelfNames(token, {}, "NAME");
  expect(all.length).toBeGreaterThan(8);
  const { page, close } = await signInToMall(hub.demo.memberEmail);
  await page.goto(`${hub.webUrl}/?sort=NAME&size=4`);
  const seen: string[] = [];
  for (;;) {
    const names = await cardNames(page);
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThanOrEqual(4);
    seen.push(...names);
    const next = page.getByRole("link", { name: "Next page" });
    if ((await next.count()) === 0) break;
    await next.click();
    await page.waitForFunction((previous) => {
      const first = document.querySelector('[data-testid="benefit-name"]')?.textContent;
      return first !== previous;
    }, names[0]);
    expect(new URL(page.url()).searchParams.get("sort")).toBe("NAME");
  }
  expect(seen).toEqual(all);
  await close();
});

test("the admin dashboard counts a member's redemption live", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();

  await page.goto(`${hub.webUrl}/admin`);
  expect(new URL(page.url()).pathname).toBe("/login");

  await page.getByLabel("Email").fill(hub.demo.adminEmail);
  await page.getByLabel("Password").fill(`${hub.demo.password}-wrong`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("login-error").waitFor();

  await page.getByLabel("Password").fill(hub.demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${hub.webUrl}/admin`);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="connection-status"]')?.textContent === "live",
    null,
    {
      timeout: LIVE_UPDATE_TIMEOUT_MS,
    },
  );
  // The server registers the subscription just after the connection ack; give it a moment.
  await page.waitForTimeout(1_000);

  const memberToken = await hub.login(hub.demo.memberEmail, hub.demo.password);
  const mine = await hub.request<EntitlementsData>("{ myEntitlements { id state benefit { id } } }", {}, memberToken);
  const target = mine.data?.myEntitlements.find((e) => e.state === "ISSUED");
  if (!target) throw new Error("the demo member holds no ISSUED entitlement");
  const counterId = `redemptions-${target.benefit.id}`;
  const before = await readNumber(page, counterId);
  const totalBefore = await readNumber(page, "redemptions-total");
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

  const redeemed = await hub.request<RedeemData>(
    "mutation ($input: RedeemEntitlementInput!) { redeemEntitlement(input: $input) { entitlement { id state } errors { code message } } }",
    { input: { entitlementId: target.id } },
    memberToken,
  );
  expect(redeemed.errors).toBeUndefined();
  expect(redeemed.data?.redeemEntitlement.errors).toEqual([]);
  expect(redeemed.data?.redeemEntitlement.entitlement?.state).toBe("REDEEMED");

  await waitForNumber(page, counterId, before + 1);
  await waitForNumber(page, "redemptions-total", totalBefore + 1);
  expect(await page.evaluate(() => "__sameDocument" in window)).toBe(true);
  await page.screenshot({ path: `${SCREENSHOTS}admin.png`, fullPage: true });
  await context.close();
});

interface AdminShelfData {
  shelf: {
    edges: {
      node: { offers: { id: string; priceFen: number; active: boolean; tiers: string[]; sku: { name: string } }[] };
    }[];
  };
}

async function offersOnShelf(token: string) {
  const result = await hub.request<AdminShelfData>(
    "{ shelf(filter: { includeInactive: true }, first: 100) { edges { node { offers { id priceFen active tiers sku { name } } } } } }",
    {},
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.shelf.edges.flatMap((edge) => edge.node.offers);
}

test("a tenant admin lists the shelf and changes a price; a bad price changes nothing; members are turned away", async () => {
  const adminToken = await hub.login(hub.demo.adminEmail);
  const offers = await offersOnShelf(adminToken);
  const target = offers.find((offer) => offer.sku.name === "打车券 15 元");
  if (!target) throw new Error("stellar's demo shelf has no DiDi voucher");
  const priceOfTarget = async () => (await offersOnShelf(adminToken)).find((o) => o.id === target.id)?.priceFen;

  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await memberPage.goto(`${hub.webUrl}/admin/shelf`);
  await memberPage.getByLabel("Email").fill(hub.demo.memberEmail);
  await memberPage.getByLabel("Password").fill(hub.demo.password);
  await memberPage.getByRole("button", { name: "Sign in" }).click();
  await memberPage.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("reason") === "forbidden");
  expect(await memberPage.getByTestId("login-error").textContent()).toContain("enterprise admins");
  await memberContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${hub.webUrl}/admin/shelf`);
  expect(new URL(page.url()).pathname).toBe("/login");
  await page.getByLabel("Email").fill(hub.demo.adminEmail);
  await page.getByLabel("Password").fill(hub.demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${hub.webUrl}/admin/shelf`);

  expect(sorted(await page.getByTestId("item-name").allTextContents())).toEqual(sorted(offers.map((o) => o.sku.name)));
  for (const offer of offers) {
    const row = page.locator(`[data-item-id="${offer.id}"]`);
    expect(await row.getByTestId("item-price").textContent()).toBe(formatFen(offer.priceFen));
    expect(await row.getByTestId("item-state").textContent()).toBe(offer.active ? "Active" : "Off");
    expect(await row.getByTestId("item-audience").textContent()).toBe(
      offer.tiers.length ? `Tiers: ${offer.tiers.join(", ")}` : "All tiers",
    );
  }
  expect(offers.some((offer) => offer.tiers.length > 0)).toBe(true);

  const row = page.locator(`[data-item-id="${target.id}"]`);
  const input = page.getByLabel("New price for 打车券 15 元 (yuan)");
  await input.fill("12.345");
  await row.getByRole("button", { name: "Save" }).click();
  await row.getByRole("alert").waitFor();
  expect(await row.getByRole("alert").textContent()).toContain("Enter the price in yuan");
  expect(await priceOfTarget()).toBe(target.priceFen);
  expect(await row.getByTestId("item-price").textContent()).toBe(formatFen(target.priceFen));

  await input.fill("12.5");
  await row.getByRole("button", { name: "Save" }).click();
  await row
    .getByTestId("item-price")
    .filter({ hasText: formatFen(1250) })
    .waitFor();
  expect(await row.getByTestId("price-message").textContent()).toBe(`Saved: ${formatFen(1250)}`);
  expect(await priceOfTarget()).toBe(1250);
  const memberShelf = await apiShelf(await hub.login(hub.demo.memberEmail));
  const memberOffer = memberShelf.flatMap((node) => node.offers).find((offer) => offer.sku.name === "打车券 15 元");
  expect(memberOffer?.priceFen).toBe(1250);
  await page.screenshot({ path: `${SCREENSHOTS}admin-shelf.png`, fullPage: true });
  await context.close();
});
