// End-to-end: campaigns, the mall's Claim, the member's wallet and the tenant admins' campaign and risk review
// pages, through the built web app and the whole hub, driven through Debian's Chromium.
import { mkdir } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page, type Request } from "playwright-core";
import { startTestHub, type TestHub } from "../../test/support/hub";
import { chinaInputValue, formatChinaTime, parseChinaTime } from "../lib/china-time";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const COLLEAGUE_EMAIL = "chen.wei@stellar.example";
const PAGING_EMAIL = "emily.zhao@stellar.example";
const DAY_MS = 86_400_000;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

let hub: TestHub;
let browser: Browser;
let stellar: { tenantId: string; rootUnitId: string };
let adminToken: string;

beforeAll(async () => {
  hub = await startTestHub({ web: true });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  await mkdir(SCREENSHOTS, { recursive: true });
  const tenant = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } });
  const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: tenant.id, parentId: null } });
  stellar = { tenantId: tenant.id, rootUnitId: root.id };
  // A budget for this month, whenever the test runs.
  const period = new Date().toISOString().slice(0, 7);
  await hub.seed.fundBudget({ tenantId: tenant.id, orgUnitId: root.id, period, amountFen: 100_000_000n });
  adminToken = await hub.login(hub.demo.adminEmail);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/** Opens `path` signed out, signs in as `email` on the login page it sends us to, and waits to be back. */
async function signInAt(path: string, email: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${hub.webUrl}${path}`);
  expect(new URL(page.url()).pathname).toBe("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(hub.demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === path);
  return { page, close: () => context.close() };
}

async function gql<T>(query: string, variables: object, token: string): Promise<T> {
  const result = await hub.request<T>(query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** A SKU of the tenant's shelf of the given fulfilment kind, by its name. */
async function skuOf(name: string) {
  return hub.db.sku.findFirstOrThrow({ where: { name } });
}

interface CampaignSpec {
  name?: string;
  channel?: "CLAIM" | "GRANT";
  kind?: "SINGLE" | "PACK";
  skuNames: string[];
  totalLimit?: number;
  perMemberLimit?: number;
  pack?: { choose: number; allowanceFen: number };
}

/** A campaign created and scheduled through the graph as the tenant admin, live since a minute ago. */
async function liveCampaign(spec: CampaignSpec): Promise<{ id: string; name: string; endsAt: string }> {
  const skus = await Promise.all(spec.skuNames.map(skuOf));
  const name = spec.name ?? `Web test ${randomUUID().slice(0, 8)}`;
  const endsAt = new Date(Date.now() + 10 * DAY_MS).toISOString();
  const created = await gql<{ createCampaign: { campaign: { id: string } | null; errors: unknown[] } }>(
    `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } errors { code message field } } }`,
    {
      input: {
        name,
        channel: spec.channel ?? "CLAIM",
        kind: spec.kind ?? "SINGLE",
        audience: { everyone: true },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt,
        totalLimit: spec.totalLimit ?? null,
        perMemberLimit: spec.perMemberLimit ?? 1,
        budgetOrgUnitId: stellar.rootUnitId,
        ...(spec.pack ? { packChoose: spec.pack.choose, packAllowanceFen: spec.pack.allowanceFen } : {}),
        items: skus.map((sku) => ({ skuId: sku.id })),
      },
    },
    adminToken,
  );
  expect(created.createCampaign.errors).toEqual([]);
  const id = created.createCampaign.campaign!.id;
  const scheduled = await gql<{ transitionCampaign: { errors: unknown[] } }>(
    `mutation ($id: ID!) { transitionCampaign(id: $id, transition: SCHEDULE) { errors { code message } } }`,
    { id },
    adminToken,
  );
  expect(scheduled.transitionCampaign.errors).toEqual([]);
  return { id, name, endsAt };
}

async function claimByApi(token: string, campaignId: string): Promise<string> {
  const data = await gql<{ claimCampaign: { entitlement: { id: string } | null; errors: unknown[] } }>(
    `mutation ($input: ClaimCampaignInput!) { claimCampaign(input: $input) { entitlement { id } errors { code message } } }`,
    { input: { campaignId, idempotencyKey: randomUUID() } },
    token,
  );
  expect(data.claimCampaign.errors).toEqual([]);
  return data.claimCampaign.entitlement!.id;
}

interface HeldEntitlement {
  id: string;
  state: string;
  revealedAt: string | null;
  redeemedBy: string | null;
  redemptionCode: string | null;
  campaign: { id: string } | null;
}

async function wallet(token: string, states?: string[]): Promise<HeldEntitlement[]> {
  const data = await gql<{ myWallet: { entitlements: HeldEntitlement[] } }>(
    `query ($states: [EntitlementState!]) { myWallet(states: $states, first: 100) {
      entitlements { id state revealedAt redeemedBy redemptionCode campaign { id } } } }`,
    { states: states ?? null },
    token,
  );
  return data.myWallet.entitlements;
}

const card = (page: Page, entitlementId: string) =>
  page.locator(`[data-testid="entitlement"][data-entitlement-id="${entitlementId}"]`);

/** The UUIDs in a server action's request body, other than those named (the idempotency key, here). */
function keysIn(request: Request, ...known: string[]): string[] {
  return (request.postData()?.match(UUID) ?? []).filter((id) => !known.includes(id));
}

test("a tenant admin creates a CLAIM campaign on /admin/campaigns and schedules it; a bad form creates nothing", async () => {
  // Members are sent back to the login page, with the reason.
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await memberPage.goto(`${hub.webUrl}/admin/campaigns`);
  await memberPage.getByLabel("Email").fill(hub.demo.memberEmail);
  await memberPage.getByLabel("Password").fill(hub.demo.password);
  await memberPage.getByRole("button", { name: "Sign in" }).click();
  await memberPage.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("reason") === "forbidden");
  await memberContext.close();

  const { page, close } = await signInAt("/admin/campaigns", hub.demo.adminEmail);
  const nav = page.getByRole("navigation", { name: "Admin" });
  expect(await nav.getByRole("link", { name: "Campaigns" }).getAttribute("aria-current")).toBe("page");
  expect(await nav.getByRole("link", { name: "Risk review" }).count()).toBe(1);
  const countCampaigns = async () => hub.db.campaign.count({ where: { tenantId: stellar.tenantId } });
  const before = await countCampaigns();

  // Nothing filled in: the problems are named, and nothing is created.
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.getByTestId("create-message").waitFor();
  const problems = await page.getByTestId("form-problem").allTextContents();
  expect(problems).toEqual(
    expect.arrayContaining(["Give the campaign a name.", "Choose at least one SKU from your shelf."]),
  );
  expect(await countCampaigns()).toBe(before);

  const name = `闪购 Web flash sale ${randomUUID().slice(0, 6)}`;
  const ends = chinaInputValue(new Date(Date.now() + 7 * DAY_MS).toISOString());
  const sku = await skuOf("腾讯视频 VIP 月卡");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Ends (empty: no end)").fill(ends);
  await page.getByLabel("Total stock (empty: unlimited)").fill("5");
  await page.getByLabel("Include 腾讯视频 VIP 月卡").check();
  await page.getByLabel("Cost of 腾讯视频 VIP 月卡, yuan").fill("12.5");
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.getByTestId("create-message").filter({ hasText: "Created" }).waitFor();

  const row = page.getByTestId("admin-campaign").filter({ hasText: name });
  await row.waitFor();
  expect(await row.getByTestId("admin-campaign-state").textContent()).toBe("Draft");
  const stored = await hub.db.campaign.findFirstOrThrow({
    where: { tenantId: stellar.tenantId, name },
    include: { items: true },
  });
  expect(stored.channel).toBe("CLAIM");
  expect(stored.totalLimit).toBe(5);
  expect(stored.perMemberLimit).toBe(1);
  expect(stored.budgetOrgUnitId).toBe(stellar.rootUnitId);
  expect(stored.endsAt?.toISOString()).toBe(parseChinaTime(ends));
  expect(stored.items.map((item) => [item.skuId, item.costFen])).toEqual([[sku.id, 1250]]);

  await row.getByRole("button", { name: "Schedule" }).click();
  await row.getByTestId("admin-campaign-state").filter({ hasText: "Live" }).waitFor();
  expect(await row.getByTestId("campaign-message").textContent()).toContain("Live now");
  const live = await gql<{ campaign: { state: string } }>(
    `query ($id: ID!) { campaign(id: $id) { state } }`,
    { id: stored.id },
    adminToken,
  );
  expect(live.campaign.state).toBe("LIVE");
  expect(await row.getByTestId("admin-campaign-stock").textContent()).toBe("0 issued of 5 (5 left)");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}admin-campaigns.png`, fullPage: true });
  await close();
});

test("a member claims in the mall (a double click and a lost answer claim once), then reveals and uses it in the wallet", async () => {
  const campaign = await liveCampaign({ skuNames: ["腾讯视频 VIP 月卡"], totalLimit: 5 });
  const memberToken = await hub.login(hub.demo.memberEmail);
  const { page, close } = await signInAt("/wallet", hub.demo.memberEmail);
  expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Wallet" }).count()).toBe(1);
  await page.goto(`${hub.webUrl}/`);

  const tile = page.locator(`[data-testid="campaign"][data-campaign-id="${campaign.id}"]`);
  expect(await tile.getByTestId("campaign-name").textContent()).toBe(campaign.name);
  expect(await tile.getByTestId("campaign-remaining").textContent()).toBe("5 of 5 left");
  expect(await tile.getByTestId("campaign-ends").textContent()).toContain(formatChinaTime(campaign.endsAt));

  // The first answer is lost on the way back (the claim was made); the retry sends the same key and gets it.
  const sent: Request[] = [];
  let dropped = false;
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() !== "POST" || !request.headers()["next-action"]) return route.continue();
    sent.push(request);
    if (dropped) return route.continue();
    dropped = true;
    await route.fetch();
    return route.abort();
  });
  await tile.getByTestId("claim-button").click();
  await tile.getByTestId("claim-message").and(page.locator('[data-code="UNREACHABLE"]')).waitFor();
  await tile.getByTestId("claim-button").dblclick();
  await tile.getByTestId("claim-message").and(page.locator('[data-outcome="done"]')).waitFor();
  expect(sent).toHaveLength(2);
  expect(keysIn(sent[1]!, campaign.id)).toEqual(keysIn(sent[0]!, campaign.id));
  await page.unroute("**/*");

  const mine = (await wallet(memberToken)).filter((e) => e.campaign?.id === campaign.id);
  expect(mine).toHaveLength(1);
  const entitlementId = mine[0]!.id;
  expect(await hub.db.issuance.count({ where: { campaignId: campaign.id } })).toBe(1);

  // The tile now says the member holds the per-member limit, and offers no second claim.
  const button = tile.getByTestId("claim-button");
  await button.and(page.locator(":disabled")).waitFor();
  expect(await button.textContent()).toBe("Limit reached");
  expect(await tile.getByTestId("campaign-limit").textContent()).toBe("1 per person · you have 1");
  expect(await tile.getByTestId("campaign-remaining").textContent()).toBe("4 of 5 left");
  await page.getByTestId("campaigns").screenshot({ path: `${SCREENSHOTS}campaigns.png` });

  await page.goto(`${hub.webUrl}/wallet?state=usable`);
  const held = card(page, entitlementId);
  expect(await held.getByTestId("entitlement-state").textContent()).toBe("可使用 Ready to use");
  expect(await held.getByTestId("entitlement-benefit").textContent()).toBe("腾讯视频 VIP 会员");
  expect(await held.getByRole("button", { name: "Give to a colleague" }).count()).toBe(1);

  // The partner code is the holder's redemption code.
  await held.getByRole("button", { name: "Code for a partner" }).click();
  expect(await held.getByTestId("partner-code-value").textContent()).toBe(mine[0]!.redemptionCode);

  // Reveal: the code and pin, once in the page; the same as the API shows the owner; no longer transferable.
  await held.getByRole("button", { name: "Show card code" }).dblclick();
  await held.getByTestId("card-code").waitFor();
  const shown = await held.getByTestId("card-code-value").textContent();
  const revealed = await gql<{ revealEntitlement: { cardCode: { code: string; pin: string | null } } }>(
    `mutation ($input: RevealEntitlementInput!) { revealEntitlement(input: $input) { cardCode { code pin } } }`,
    { input: { entitlementId } },
    memberToken,
  );
  expect(shown).toBe(revealed.revealEntitlement.cardCode.code);
  if (revealed.revealEntitlement.cardCode.pin) {
    expect(await held.getByTestId("card-code-pin").textContent()).toBe(revealed.revealEntitlement.cardCode.pin);
  }
  expect(await hub.db.entitlementEvent.count({ where: { entitlementId, type: "entitlement.revealed" } })).toBe(1);
  await held.getByRole("button", { name: "Give to a colleague" }).waitFor({ state: "detached" });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}wallet.png`, fullPage: true });

  // Mark as used (twice in a row: used once).
  await held.getByRole("button", { name: "Mark as used" }).dblclick();
  // Used, it leaves the "Ready to use" tab.
  await held.waitFor({ state: "detached" });
  await page.goto(`${hub.webUrl}/wallet?state=redeemed`);
  expect(await card(page, entitlementId).getByTestId("entitlement-state").textContent()).toBe("已使用 Used");
  const after = (await wallet(memberToken)).find((e) => e.id === entitlementId);
  expect(after?.state).toBe("REDEEMED");
  expect(after?.redeemedBy).toBe("member");
  expect(await hub.db.entitlementEvent.count({ where: { entitlementId, type: "entitlement.redeemed" } })).toBe(1);
  await page.goto(`${hub.webUrl}/wallet?state=usable`);
  expect(await card(page, entitlementId).count()).toBe(0);
  await close();
});

test("from the wallet: accept a grant, give to a colleague (bad ids refused in words), top up an account, choose a pack's options", async () => {
  const memberToken = await hub.login(hub.demo.memberEmail);
  const colleague = await hub.db.member.findUniqueOrThrow({ where: { email: COLLEAGUE_EMAIL } });
  const me = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.memberEmail } });
  const gift = await liveCampaign({ skuNames: ["中杯拿铁"] });
  const topup = await liveCampaign({ skuNames: ["爱奇艺黄金会员季卡"] });
  const pack = await liveCampaign({
    kind: "PACK",
    skuNames: ["黑胶 VIP 月卡", "中杯拿铁", "打车券 15 元"],
    pack: { choose: 2, allowanceFen: 10_000 },
  });
  const giftId = await claimByApi(memberToken, gift.id);
  const topupId = await claimByApi(memberToken, topup.id);
  const packId = await claimByApi(memberToken, pack.id);

  const { page, close } = await signInAt("/wallet", hub.demo.memberEmail);
  expect(await page.getByTestId("my-member-id").textContent()).toBe(me.id);

  // A granted entitlement of the demo is accepted.
  const granted = (await wallet(memberToken, ["ISSUED"]))[0];
  if (!granted) throw new Error("the demo member holds no ISSUED entitlement");
  await card(page, granted.id).getByRole("button", { name: "Accept" }).click();
  await card(page, granted.id).getByTestId("entitlement-state").filter({ hasText: "Ready to use" }).waitFor();
  expect((await wallet(memberToken)).find((e) => e.id === granted.id)?.state).toBe("CLAIMED");

  const giftCard = card(page, giftId);
  await giftCard.getByRole("button", { name: "Give to a colleague" }).click();
  const recipient = giftCard.getByLabel("Colleague’s member id");
  const give = giftCard.getByRole("button", { name: "Give", exact: true });
  await recipient.fill("chen.wei");
  await give.click();
  await giftCard.getByTestId("action-message").and(page.locator('[data-code="INVALID_INPUT"]')).waitFor();
  await recipient.fill(randomUUID());
  await give.click();
  await giftCard.getByTestId("action-message").and(page.locator('[data-code="NOT_FOUND"]')).waitFor();
  await recipient.fill(me.id);
  await give.click();
  await giftCard.getByTestId("action-message").filter({ hasText: "yourself" }).waitFor();
  expect((await wallet(memberToken)).find((e) => e.id === giftId)?.state).toBe("CLAIMED");
  await recipient.fill(colleague.id);
  await give.click();
  await giftCard.getByTestId("entitlement-state").filter({ hasText: "Given away" }).waitFor();
  const theirs = (await wallet(await hub.login(COLLEAGUE_EMAIL))).filter((e) => e.campaign?.id === gift.id);
  expect(theirs.map((e) => e.state)).toEqual(["CLAIMED"]);

  const topupCard = card(page, topupId);
  await topupCard.getByRole("button", { name: "Top up" }).click();
  await topupCard.getByLabel("Phone number or account").fill("13800138000");
  await topupCard.getByRole("button", { name: "Send top-up" }).click();
  await topupCard.getByTestId("entitlement-state").filter({ hasText: "Used" }).waitFor();
  const toppedUp = (await wallet(memberToken)).find((e) => e.id === topupId);
  expect([toppedUp?.state, toppedUp?.redeemedBy]).toEqual(["REDEEMED", "topup"]);

  const packCard = card(page, packId);
  await packCard.getByRole("button", { name: "Choose options" }).click();
  const confirm = packCard.getByRole("button", { name: "Confirm choice" });
  await packCard.getByLabel("黑胶 VIP 月卡").check();
  expect(await confirm.isDisabled()).toBe(true);
  await packCard.getByLabel("打车券 15 元").check();
  await confirm.click();
  await packCard.getByTestId("entitlement-state").filter({ hasText: "Used" }).waitFor();
  const options = (await wallet(memberToken)).filter((e) => e.campaign?.id === pack.id && e.id !== packId);
  expect(options.map((e) => e.state)).toEqual(["CLAIMED", "CLAIMED"]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}wallet-actions.png`, fullPage: true });
  await close();
});

test("the wallet pages through a state tab with cursors, exactly as the API lists it", async () => {
  const token = await hub.login(PAGING_EMAIL);
  const campaign = await liveCampaign({ skuNames: ["打车券 15 元"], perMemberLimit: 25 });
  for (let i = 0; i < 23; i += 1) await claimByApi(token, campaign.id);
  const expected = (await wallet(token, ["ISSUED", "CLAIMED"])).map((e) => e.id);
  expect(expected.length).toBeGreaterThan(20);

  const { page, close } = await signInAt("/wallet", PAGING_EMAIL);
  await page.getByTestId("wallet-tab").and(page.locator('[data-tab="usable"]')).click();
  await page.waitForURL((url) => url.searchParams.get("state") === "usable");
  const seen: string[] = [];
  for (;;) {
    const ids = await page
      .getByTestId("entitlement")
      .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-entitlement-id") ?? ""));
    expect(ids.length).toBeGreaterThan(0);
    seen.push(...ids);
    const next = page.getByRole("link", { name: "Next page" });
    if ((await next.count()) === 0) break;
    await next.click();
    await page.waitForFunction(
      (first) => document.querySelector('[data-testid="entitlement"]')?.getAttribute("data-entitlement-id") !== first,
      ids[0],
    );
    expect(new URL(page.url()).searchParams.get("state")).toBe("usable");
  }
  expect(seen).toEqual(expected);
  // A broken cursor falls back to the tab's first page.
  await page.goto(`${hub.webUrl}/wallet?state=usable&after=not-a-cursor`);
  expect(new URL(page.url()).searchParams.get("after")).toBeNull();
  await close();
});

test("a claim held by risk control waits in /admin/review with the rule that fired; approval carries it out", async () => {
  const campaign = await liveCampaign({ skuNames: ["瑞幸 10 元券"] });
  const rule = await gql<{ createRiskRule: { rule: { id: string } } }>(
    `mutation { createRiskRule(input: { name: "Web test region", kind: REGION, actions: [CLAIM], config: { allowedRegions: ["CN"] }, outcome: REVIEW }) { rule { id } errors { code } } }`,
    {},
    adminToken,
  );
  const ruleId = rule.createRiskRule.rule.id;
  try {
    const member = await signInAt("/wallet", hub.demo.memberEmail);
    await member.page.goto(`${hub.webUrl}/`);
    const tile = member.page.locator(`[data-testid="campaign"][data-campaign-id="${campaign.id}"]`);
    await tile.getByTestId("claim-button").click();
    await tile.getByTestId("claim-message").and(member.page.locator('[data-code="RISK_REVIEW"]')).waitFor();
    expect(await tile.getByTestId("claim-message").textContent()).toContain("Sent for review.");
    const memberToken = await hub.login(hub.demo.memberEmail);
    expect((await wallet(memberToken)).filter((e) => e.campaign?.id === campaign.id)).toHaveLength(0);

    const { page, close } = await signInAt("/admin/review", hub.demo.adminEmail);
    const decision = page.getByTestId("review-decision").filter({ hasText: campaign.name });
    expect(await decision.getByTestId("review-member").textContent()).toContain("Wang Fang");
    expect(await decision.getByTestId("fired-rule").allTextContents()).toEqual([
      expect.stringContaining("Web test region"),
    ]);
    await page.screenshot({ path: `${SCREENSHOTS}admin-review.png`, fullPage: true });
    await decision.getByLabel("Note (optional)").fill("checked by phone");
    await decision.getByRole("button", { name: "Approve" }).click();
    await decision.getByTestId("review-message").and(page.locator('[data-outcome="done"]')).waitFor();
    expect(await decision.getByTestId("review-message").textContent()).toContain("Approved and carried out");
    expect((await wallet(memberToken)).filter((e) => e.campaign?.id === campaign.id)).toHaveLength(1);
    await close();
    await member.close();
  } finally {
    await hub.request(`mutation ($id: ID!) { deleteRiskRule(id: $id) { deletedId } }`, { id: ruleId }, adminToken);
  }
});

test("a tenant admin grants a GRANT campaign to an org unit and watches the job finish", async () => {
  const campaign = await liveCampaign({ channel: "GRANT", skuNames: ["黑胶 VIP 月卡"] });
  const unit = await hub.db.orgUnit.findFirstOrThrow({
    where: { tenantId: stellar.tenantId, name: { contains: "R&D" } },
  });
  const { page, close } = await signInAt("/admin/campaigns", hub.demo.adminEmail);
  const row = page.locator(`[data-testid="admin-campaign"][data-campaign-id="${campaign.id}"]`);
  await row.getByRole("button", { name: "Grant…" }).click();
  await row.getByLabel(unit.name).check();
  await row.getByRole("button", { name: "Start grant" }).click();
  await row.getByTestId("grant-job").and(page.locator('[data-state="SUCCEEDED"]')).waitFor({ timeout: 60_000 });
  const issued = await hub.db.entitlement.count({ where: { campaignId: campaign.id } });
  expect(issued).toBeGreaterThan(0);
  expect(await row.getByTestId("grant-job-counts").textContent()).toContain(`${issued} issued`);
  await row.screenshot({ path: `${SCREENSHOTS}admin-grant.png` });
  await close();
});
