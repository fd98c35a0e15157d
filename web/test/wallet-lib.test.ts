// The pure parts of the wallet and campaign pages: wallet tabs and their URL, which actions an entitlement's
// card offers, Beijing time in and out, the create-campaign form's checks, the org tree's picker order,
// refusals in words.
import { errorWords } from "../lib/actions/error-words";
import { newIdempotencyKey } from "../lib/actions/idempotency-key";
import { toCreateCampaignInput, type CampaignDraft } from "../lib/campaigns/campaign-draft";
import { orderUnits } from "../lib/campaigns/org-units";
import { chinaInputValue, formatChinaDate, formatChinaTime, parseChinaTime } from "../lib/china-time";
import { walletActions, type ActionFacts } from "../lib/wallet/actions";
import { DEFAULT_TAB, readWalletQuery, WALLET_TABS, walletHref } from "../lib/wallet/tabs";

const NOW = new Date("2026-12-02T12:00:00Z");
const ID = "3f2b8c1e-0d4a-4c1b-9a7e-5b6c7d8e9f00";
const ID2 = "4a2b8c1e-0d4a-4c1b-9a7e-5b6c7d8e9f00";

describe("wallet tabs", () => {
  test("an unknown tab is the default one; the URL keeps the tab and the cursor", () => {
    expect(readWalletQuery({}).tab).toBe(DEFAULT_TAB);
    expect(readWalletQuery({ state: "nonsense" }).tab).toBe(DEFAULT_TAB);
    const usable = readWalletQuery({ state: "usable", after: "abc" });
    expect(usable.tab.states).toEqual(["ISSUED", "CLAIMED"]);
    expect(usable.after).toBe("abc");
    expect(readWalletQuery({ after: "x".repeat(501) }).after).toBeUndefined();
    expect(walletHref(usable.tab, "c 1")).toBe("/wallet?state=usable&after=c+1");
    expect(walletHref(DEFAULT_TAB)).toBe("/wallet");
  });

  test("every state is in exactly one tab besides All", () => {
    const states = WALLET_TABS.flatMap((tab) => tab.states ?? []);
    expect(new Set(states).size).toBe(states.length);
    expect(states.sort()).toEqual(["CLAIMED", "EXPIRED", "FULFILLING", "ISSUED", "REDEEMED", "REVOKED", "TRANSFERRED"]);
  });
});

describe("wallet actions", () => {
  const facts = (over: Partial<ActionFacts>): ActionFacts => ({
    state: "CLAIMED",
    fulfilmentKind: "CARD_CODE",
    isPack: false,
    expiresAt: "2027-01-01T00:00:00Z",
    revealedAt: null,
    transferable: true,
    redemptionCode: "ABCD-EFGH",
    ...over,
  });

  test.each<[string, Partial<ActionFacts>, string[]]>([
    ["a claimed card code", {}, ["reveal", "redeem", "partnerCode", "transfer"]],
    ["a granted card code", { state: "ISSUED" }, ["accept", "reveal", "redeem", "partnerCode", "transfer"]],
    [
      "a revealed card code",
      { revealedAt: "2026-12-01T00:00:00Z", transferable: false },
      ["reveal", "redeem", "partnerCode"],
    ],
    [
      "a used, revealed card code",
      { state: "REDEEMED", revealedAt: "2026-12-01T00:00:00Z", redemptionCode: null },
      ["reveal"],
    ],
    ["a used card code never revealed", { state: "REDEEMED", redemptionCode: null, transferable: false }, []],
    ["a direct top-up", { fulfilmentKind: "DIRECT_TOPUP" }, ["topup", "transfer"]],
    ["a link", { fulfilmentKind: "LINK", transferable: false }, ["redeem", "partnerCode"]],
    [
      "an old entitlement without a kind",
      { fulfilmentKind: null, state: "ISSUED" },
      ["accept", "redeem", "partnerCode", "transfer"],
    ],
    ["a pack", { isPack: true, transferable: false }, ["choosePack"]],
    ["a used pack", { isPack: true, state: "REDEEMED" }, []],
    ["one past its expiry", { expiresAt: "2026-12-01T00:00:00Z" }, []],
    ["an expired one", { state: "EXPIRED", transferable: false }, []],
    ["a transferred one", { state: "TRANSFERRED", transferable: false, redemptionCode: null }, []],
    ["a revoked one", { state: "REVOKED", transferable: false, redemptionCode: null }, []],
  ])("%s", (_, over, expected) => {
    expect(walletActions(facts(over), NOW)).toEqual(expected);
  });
});

describe("Beijing time", () => {
  test("shows UTC instants in UTC+8 and reads form values as UTC+8", () => {
    expect(formatChinaTime("2026-12-31T16:30:00.000Z")).toBe("2027-01-01 00:30");
    expect(formatChinaDate("2026-12-31T16:30:00.000Z")).toBe("2027-01-01");
    expect(chinaInputValue("2026-12-31T16:30:00.000Z")).toBe("2027-01-01T00:30");
    expect(parseChinaTime("2027-01-01T00:30")).toBe("2026-12-31T16:30:00.000Z");
    expect(parseChinaTime("2027-01-01T00:30:15")).toBe("2026-12-31T16:30:15.000Z");
    expect(formatChinaTime("not a date")).toBe("not a date");
  });

  test.each(["", "2027-02-30T10:00", "2027-01-01", "2027-01-01T24:00", "tomorrow"])("%p is not a time", (value) => {
    expect(parseChinaTime(value)).toBeNull();
  });
});

describe("the create-campaign form", () => {
  const draft = (over: Partial<CampaignDraft> = {}): CampaignDraft => ({
    name: " Flash sale ",
    description: "",
    channel: "CLAIM",
    kind: "SINGLE",
    audience: "everyone",
    memberIds: "",
    segmentIds: [],
    orgUnitIds: [],
    startsAt: "2026-12-12T10:00",
    endsAt: "2026-12-12T12:00",
    totalLimit: "500",
    perMemberLimit: "1",
    budgetOrgUnitId: ID,
    budgetPeriod: "",
    packChoose: "",
    packAllowance: "",
    items: [{ skuId: ID2, variant: "", cost: "" }],
    ...over,
  });

  test("a flash sale becomes the API's input, times in UTC, stock and limits as numbers", () => {
    const checked = toCreateCampaignInput(draft());
    expect(checked).toEqual({
      ok: true,
      input: {
        name: "Flash sale",
        description: "",
        kind: "SINGLE",
        channel: "CLAIM",
        audience: { everyone: true },
        startsAt: "2026-12-12T02:00:00.000Z",
        endsAt: "2026-12-12T04:00:00.000Z",
        totalLimit: 500,
        perMemberLimit: 1,
        budgetOrgUnitId: ID,
        items: [{ skuId: ID2 }],
      },
    });
  });

  test("a targeted pack with variants, costs in yuan and a budget period", () => {
    const checked = toCreateCampaignInput(
      draft({
        kind: "PACK",
        packChoose: "1",
        packAllowance: "70",
        audience: "targeted",
        memberIds: `${ID}\n${ID2}, `,
        orgUnitIds: [ID],
        totalLimit: "",
        endsAt: "",
        budgetPeriod: "2026-12",
        items: [
          { skuId: ID, variant: "A", cost: "29" },
          { skuId: ID2, variant: "B", cost: "31.5" },
        ],
      }),
    );
    expect(checked.ok && checked.input).toMatchObject({
      kind: "PACK",
      packChoose: 1,
      packAllowanceFen: 7000,
      audience: { everyone: false, memberIds: [ID, ID2], segmentIds: [], orgUnitIds: [ID] },
      totalLimit: null,
      endsAt: null,
      budgetPeriod: "2026-12",
      items: [
        { skuId: ID, variant: "A", costFen: 2900 },
        { skuId: ID2, variant: "B", costFen: 3150 },
      ],
    });
  });

  test("every problem is named by its field, and nothing is sent", () => {
    const checked = toCreateCampaignInput(
      draft({
        name: "",
        channel: "MAIL",
        audience: "targeted",
        startsAt: "soon",
        totalLimit: "-3",
        perMemberLimit: "0",
        budgetOrgUnitId: "",
        budgetPeriod: "12/2026",
        items: [],
      }),
    );
    expect(checked.ok).toBe(false);
    const fields = checked.ok ? [] : checked.problems.map((p) => p.field);
    expect(fields.sort()).toEqual(
      [
        "audience",
        "budgetOrgUnitId",
        "budgetPeriod",
        "channel",
        "items",
        "name",
        "perMemberLimit",
        "startsAt",
        "totalLimit",
      ].sort(),
    );
  });

  test("an end before the start, a bad cost or a bad member id is refused", () => {
    const problems = (over: Partial<CampaignDraft>) => {
      const checked = toCreateCampaignInput(draft(over));
      return checked.ok ? [] : checked.problems.map((p) => p.field);
    };
    expect(problems({ endsAt: "2026-12-12T09:00" })).toEqual(["endsAt"]);
    expect(problems({ items: [{ skuId: ID2, variant: "", cost: "1.234" }] })).toEqual(["items"]);
    expect(problems({ items: [{ skuId: ID2, variant: "A B", cost: "" }] })).toEqual(["items"]);
    expect(problems({ audience: "targeted", memberIds: "someone" })).toEqual(["audience"]);
    expect(problems({ kind: "PACK", packChoose: "2", packAllowance: "10" })).toEqual(["packChoose"]);
  });
});

test("the org tree is listed parents first, siblings by name, units of a cut-off branch left out", () => {
  const root = { id: "r", name: "HQ", parentId: null };
  const units = orderUnits(root, [
    { id: "s", name: "上海 Shanghai", parentId: "r" },
    { id: "b", name: "北京 Beijing", parentId: "r" },
    { id: "m", name: "Marketing", parentId: "b" },
    { id: "x", name: "Orphan", parentId: "missing" },
  ]);
  expect(units.map((u) => [u.id, u.depth])).toEqual([
    ["r", 0],
    ["b", 1],
    ["m", 2],
    ["s", 1],
  ]);
});

test("refusals read as a headline and the API's words", () => {
  expect(errorWords([{ code: "SOLD_OUT", message: "The campaign is sold out" }])).toEqual({
    code: "SOLD_OUT",
    headline: "Sold out",
    detail: "The campaign is sold out.",
  });
  expect(errorWords([{ code: "RISK_DENIED", message: "Denied." }]).headline).toBe("Refused by risk control");
  expect(errorWords([]).code).toBe("FAILED");
});

test("idempotency keys are fresh v4 UUIDs", () => {
  const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
  expect(keys.size).toBe(100);
  for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
