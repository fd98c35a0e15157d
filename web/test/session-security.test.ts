// Web sessions, end to end in Chromium: the access token never reaches page JavaScript (the live dashboard
// connects with a websocket ticket), the session renews itself past the access token's life, logout ends it at
// the hub, every page carries the security headers, and the client address is the web server's own view.
// Access tokens last ACCESS_TTL_SECONDS here instead of 15 minutes, so expiry is reached within the test.
import { fileURLToPath } from "node:url";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestHub, type TestHub } from "../../test/support/hub";

const ACCESS_TTL_SECONDS = 12;
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync"];
const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
// Generous: the machine may be busy; nothing here waits on speed.
const LIVE_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 120_000;
const REFRESH = `mutation ($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken errors { code } } }`;

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startTestHub({
    web: true,
    membership: {
      accessTokenTtlSeconds: ACCESS_TTL_SECONDS,
      // Three failed sign-ins per address: the last test shows whose address counts.
      authLimits: { addressFailures: 3 },
    },
  });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function signIn(context: BrowserContext, path: string, email = hub.demo.adminEmail): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.goto(`${hub.webUrl}${path}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(hub.demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${hub.webUrl}${path}`);
  return page;
}

async function sessionCookies(context: BrowserContext) {
  const cookies = await context.cookies(hub.webUrl);
  const find = (name: string) => cookies.find((c) => c.name === name);
  return { access: find("hub_token"), refresh: find("hub_refresh") };
}

const waitLive = (page: Page) =>
  page.waitForFunction(
    () => document.querySelector('[data-testid="connection-status"]')?.textContent === "live",
    null,
    {
      timeout: LIVE_TIMEOUT_MS,
    },
  );

const total = async (page: Page) =>
  Number((await page.getByTestId("redemptions-total").textContent())?.replace(/\D/g, ""));

const waitTotal = (page: Page, expected: number) =>
  page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="redemptions-total"]')?.textContent?.replace(/\D/g, "")) === n,
    expected,
    { timeout: LIVE_TIMEOUT_MS },
  );

/** Redeems one of the demo member's ISSUED entitlements through the API. */
async function redeemOne(): Promise<void> {
  const token = await hub.login(hub.demo.memberEmail);
  const mine = await hub.request<{ myEntitlements: { id: string; state: string }[] }>(
    "{ myEntitlements { id state } }",
    {},
    token,
  );
  const target = mine.data?.myEntitlements.find((e) => e.state === "ISSUED");
  if (!target) throw new Error("the demo member holds no ISSUED entitlement");
  const redeemed = await hub.request(
    "mutation ($input: RedeemEntitlementInput!) { redeemEntitlement(input: $input) { errors { code } } }",
    { input: { entitlementId: target.id } },
    token,
  );
  expect(redeemed.data?.redeemEntitlement.errors).toEqual([]);
}

test("every page carries the CSP with a per-request nonce, frame-ancestors 'none', nosniff and a referrer policy", async () => {
  const nonces = new Set<string>();
  for (const path of ["/", "/login", "/admin", "/no-such-page"]) {
    const response = await fetch(`${hub.webUrl}${path}`, { redirect: "manual" });
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    nonces.add(nonce!);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    if (response.status === 200) {
      // Next.js puts the nonce on its own scripts; no script goes without it.
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
  }
  expect(nonces.size).toBe(4);
  const asset = await fetch(`${hub.webUrl}/icon.svg`);
  expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
}, 120_000);

test("the admin page holds no access token, its live counter moves, and the session outlives the access token", async () => {
  const context = await browser.newContext();
  const bodies: string[] = [];
  context.on("response", async (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (/html|javascript|json|x-component|text/.test(type)) bodies.push(await response.text().catch(() => ""));
  });
  const page = await signIn(context, "/admin");
  let sockets = 0;
  page.on("websocket", () => (sockets += 1));
  await waitLive(page);
  const first = await sessionCookies(context);
  expect(first.access?.httpOnly).toBe(true);
  expect(first.refresh?.httpOnly).toBe(true);
  expect(await page.evaluate(() => document.cookie)).not.toMatch(/hub_token|hub_refresh/);
  const token = first.access!.value;
  expect(await page.content()).not.toContain(token);
  expect(bodies.some((body) => body.includes(token) || body.includes(first.refresh!.value))).toBe(false);

  await page.waitForTimeout(1_000);
  const before = await total(page);
  await redeemOne();
  await waitTotal(page, before + 1);
  await page.screenshot({ path: `${SCREENSHOTS}admin-ticket.png`, fullPage: true });

  // Past the first access token's life: the page is still served to the admin, with renewed cookies...
  await page.waitForTimeout((ACCESS_TTL_SECONDS + 2) * 1000);
  await page.reload();
  expect(new URL(page.url()).pathname).toBe("/admin");
  await waitLive(page);
  const socketsAfterReload = sockets;
  const renewed = await sessionCookies(context);
  expect(renewed.access?.value).not.toBe(first.access!.value);
  expect(renewed.refresh?.value).not.toBe(first.refresh!.value);
  // ...and the websocket, closed by the gateway when its ticket's session ended, came back on a new ticket.
  await page.waitForTimeout((ACCESS_TTL_SECONDS + 2) * 1000);
  await waitLive(page);
  expect(sockets).toBeGreaterThan(socketsAfterReload);
  const later = await total(page);
  await redeemOne();
  await waitTotal(page, later + 1);
  await page.screenshot({ path: `${SCREENSHOTS}admin-ticket-renewed.png`, fullPage: true });
  const all = await sessionCookies(context);
  expect(bodies.some((body) => body.includes(all.access!.value) || body.includes(renewed.access!.value))).toBe(false);
  await context.close();
}, 600_000);

test("logging out ends the session at the hub: the refresh token is refused afterwards", async () => {
  const context = await browser.newContext();
  const page = await signIn(context, "/admin");
  const { refresh } = await sessionCookies(context);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(`${hub.webUrl}/login`);
  const after = await sessionCookies(context);
  expect(after.access).toBeUndefined();
  expect(after.refresh).toBeUndefined();
  const refused = await hub.request(REFRESH, { t: refresh!.value });
  expect(refused.data?.refreshSession).toEqual({ accessToken: null, errors: [{ code: "INVALID_REFRESH_TOKEN" }] });
  await context.close();
}, 300_000);

test("the address the hub sees is the web server's view of the connection, never the browser's header", async () => {
  // Three failures from spoofed, different addresses: if the web passed them on, each would count elsewhere.
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  for (let i = 0; i < 3; i++) {
    await page.setExtraHTTPHeaders({ "x-forwarded-for": `203.0.113.${i + 1}`, "x-hub-client-address": "198.51.100.9" });
    await page.goto(`${hub.webUrl}/login`);
    await page.getByLabel("Email").fill(`nobody-${i}@example.test`);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("login-error").waitFor();
  }
  // The right password from yet another "address" is refused: all three counted against this browser's address.
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.99" });
  await page.goto(`${hub.webUrl}/login`);
  await page.getByLabel("Email").fill(hub.demo.adminEmail);
  await page.getByLabel("Password").fill(hub.demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("login-error").waitFor();
  expect(new URL(page.url()).pathname).toBe("/login");
  await context.close();
}, 300_000);
