// End-to-end: a platform operator imports card codes on /admin/codes through the built web app and the whole hub.
import { mkdir } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestHub, type TestHub } from "../../test/support/hub";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const OPERATOR_EMAIL = "operator@benefitshub.example";

interface StockData {
  benefits: { skus: { id: string; name: string; stockSource: string; stock: number | null }[] }[];
  lowStockAlerts: { sku: { id: string } }[];
}
const STOCK_QUERY = `{
  benefits(first: 100) { skus { id name stockSource stock } }
  lowStockAlerts { sku { id } }
}`;

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

async function apiStock() {
  const result = await hub.request<StockData>(STOCK_QUERY, {}, await hub.login(OPERATOR_EMAIL));
  expect(result.errors).toBeUndefined();
  const pools = result.data!.benefits.flatMap((b) => b.skus).filter((sku) => sku.stockSource === "CODE_POOL");
  return { pools, alerted: result.data!.lowStockAlerts.map((alert) => alert.sku.id) };
}

/** Opens `path` signed out, signs in as `email` on the login page it sends us to. */
async function signInAt(path: string, email: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${hub.webUrl}${path}`);
  expect(new URL(page.url()).pathname).toBe("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(hub.demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return { page, close: () => context.close() };
}

const skuRow = (page: Page, skuId: string) => page.locator(`[data-testid="code-sku"][data-sku-id="${skuId}"]`);
const stockOf = async (page: Page, skuId: string) =>
  Number((await skuRow(page, skuId).getByTestId("code-sku-stock").textContent())?.replace(/\D/g, ""));

test("an operator imports a CSV of card codes: live report with the rejected rows, and the pool grows", async () => {
  const before = await apiStock();
  expect(before.pools.length).toBeGreaterThan(0);
  const target = before.pools[0]!;

  const { page, close } = await signInAt("/admin/codes", OPERATOR_EMAIL);
  await page.waitForURL(`${hub.webUrl}/admin/codes`);
  expect(
    await page
      .getByRole("navigation", { name: "Admin" })
      .getByRole("link", { name: "Card codes" })
      .getAttribute("aria-current"),
  ).toBe("page");
  expect(await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Shelf" }).count()).toBe(0);

  // Every code-pool SKU, with the API's stock; the alerted ones stand out and are listed.
  expect((await page.getByTestId("code-sku-name").allTextContents()).sort()).toEqual(
    before.pools.map((s) => s.name).sort(),
  );
  for (const sku of before.pools) {
    expect(await stockOf(page, sku.id)).toBe(sku.stock ?? 0);
    expect(await skuRow(page, sku.id).getAttribute("data-low")).toBe(String(before.alerted.includes(sku.id)));
  }
  expect(
    (
      await page
        .getByTestId("low-stock-alert")
        .evaluateAll((items) => items.map((li) => li.getAttribute("data-sku-id")))
    ).sort(),
  ).toEqual([...before.alerted].sort());

  const codes = [1, 2, 3].map(() => `WEB-${randomBytes(6).toString("hex").toUpperCase()}`);
  const csv = [
    "code,pin",
    `${codes[0]},1111`,
    `${codes[1]},2222`,
    `${codes[2]},3333`,
    `${codes[1]},4444`,
    ",5555",
    "",
  ].join("\n");
  await page.getByLabel("SKU").selectOption(target.id);
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "codes.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Import codes" }).click();

  const report = page.getByTestId("upload-report");
  await report.waitFor();
  expect(await report.getByTestId("report-status").textContent()).toBe("SUCCEEDED");
  expect(await report.getByTestId("report-processed").textContent()).toBe("5");
  expect(await report.getByTestId("report-imported").textContent()).toBe("3");
  expect(await report.getByTestId("report-rejected").textContent()).toBe("2");
  const problems = await report
    .getByTestId("report-problem")
    .evaluateAll((rows) => rows.map((row) => [row.children[0]?.textContent, row.children[1]?.textContent]));
  expect(problems).toEqual([
    ["5", "duplicate of row 3 in this file"],
    ["6", "code is empty"],
  ]);
  const shown = await page.locator("body").innerText();
  for (const code of codes) expect(shown).not.toContain(code);
  await page.screenshot({ path: `${SCREENSHOTS}admin-codes.png`, fullPage: true });

  await page.reload();
  expect(await stockOf(page, target.id)).toBe((target.stock ?? 0) + 3);
  const after = await apiStock();
  expect(after.pools.find((sku) => sku.id === target.id)?.stock).toBe((target.stock ?? 0) + 3);

  // A file without a code column: a clear failure, and nothing is stored.
  await page.getByLabel("SKU").selectOption(target.id);
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("pin\n1234\n") });
  await page.getByRole("button", { name: "Import codes" }).click();
  await report.filter({ has: page.getByTestId("report-status").filter({ hasText: "FAILED" }) }).waitFor();
  expect(await report.getByTestId("report-error").textContent()).toBe("The header has no `code` column");
  expect(await report.getByTestId("report-imported").textContent()).toBe("0");
  await page.screenshot({ path: `${SCREENSHOTS}admin-codes-failed.png`, fullPage: true });
  expect((await apiStock()).pools.find((sku) => sku.id === target.id)?.stock).toBe((target.stock ?? 0) + 3);
  await close();
});

test("members and tenant admins who open /admin/codes are turned away", async () => {
  for (const email of [hub.demo.memberEmail, hub.demo.adminEmail]) {
    const { page, close } = await signInAt("/admin/codes", email);
    await page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("reason") === "forbidden");
    expect(await page.getByTestId("code-sku").count()).toBe(0);
    await close();
  }
});

test("the upload route refuses a request without a session and sends nothing on", async () => {
  const response = await fetch(
    `${hub.webUrl}/admin/codes/upload?skuId=${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}`,
    {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: "code\nX\n",
    },
  );
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ error: "Your session has ended. Please sign in again." });
});
