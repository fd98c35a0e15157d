// End-to-end: the built web app against the whole hub, driven through Debian's Chromium.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestHub, type TestHub } from "../../test/support/hub";

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

interface BenefitsData {
  benefits: { id: string; name: string }[];
}
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

test("the mall lists the catalog's benefits", async () => {
  const { data } = await hub.request<BenefitsData>("{ benefits(first: 100) { id name } }");
  const expected = data?.benefits ?? [];
  expect(expected.length).toBeGreaterThan(0);

  const page = await browser.newPage();
  const response = await page.goto(`${hub.webUrl}/`);
  expect(response?.status()).toBe(200);
  const shown = await page.locator('[data-testid^="benefit-"] h2').allTextContents();
  expect(shown.sort()).toEqual(expected.map((b) => b.name).sort());
  expect(await page.getByTestId("catalog-unavailable").count()).toBe(0);
  await page.screenshot({ path: `${SCREENSHOTS}mall.png`, fullPage: true });
  await page.close();
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
