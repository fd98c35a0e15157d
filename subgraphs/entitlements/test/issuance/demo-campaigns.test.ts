// The demo's campaigns work end to end through the gateway: the flash sale,
// the A/B test, the pack (claim, then choose two), the check-in streak rule
// fed by the demo partner's events... and the demo's risk rules are live.
import { randomUUID } from "node:crypto";
import { startTestHub, type TestHub } from "../../../../test/support/hub";

let hub: TestHub;
let token: string;
beforeAll(async () => {
  hub = await startTestHub({ campaigns: true });
  token = await hub.login(hub.demo.memberEmail);
}, 120_000);
afterAll(() => hub?.stop());

const CLAIMABLE = `{ claimableCampaigns { id name kind remaining items { id costFen sku { id name } } } }`;
const CLAIM = `mutation ($input: ClaimCampaignInput!) {
  claimCampaign(input: $input) { entitlement { id state isPack variant benefit { name } } errors { code message } }
}`;

test("a member sees the demo campaigns, claims the flash sale and the pack, and chooses two options", async () => {
  const open = await hub.request(CLAIMABLE, {}, token);
  expect(open.errors).toBeUndefined();
  const names = open.data.claimableCampaigns.map((c: { name: string }) => c.name);
  expect(names).toEqual(
    expect.arrayContaining([expect.stringContaining("flash sale"), expect.stringContaining("pack")]),
  );
  const flash = open.data.claimableCampaigns.find((c: { name: string }) => c.name.includes("flash sale"));
  const claimed = await hub.request(CLAIM, { input: { campaignId: flash.id, idempotencyKey: randomUUID() } }, token);
  expect(claimed.data.claimCampaign.errors).toEqual([]);
  expect(claimed.data.claimCampaign.entitlement).toMatchObject({ state: "CLAIMED", isPack: false });
  expect(claimed.data.claimCampaign.entitlement.benefit.name).toBeTruthy();
  const again = await hub.request(CLAIM, { input: { campaignId: flash.id, idempotencyKey: randomUUID() } }, token);
  expect(again.data.claimCampaign.errors[0].code).toBe("PER_MEMBER_LIMIT");
  // A key PostgreSQL cannot store is a clear error, not a server error.
  for (const idempotencyKey of ["a\u0000b", "x".repeat(201)]) {
    const bad = await hub.request(CLAIM, { input: { campaignId: flash.id, idempotencyKey } }, token);
    expect(bad.errors).toBeUndefined();
    expect(bad.data.claimCampaign.errors[0].code).toBe("INVALID_INPUT");
  }
  // What is left for this member is said with each claimable campaign, never a stale "claim me".
  const mineNow = `{ claimableCampaigns { id perMemberLimit remaining claimedByMe remainingForMe } }`;
  const after = (await hub.request(mineNow, {}, token)).data.claimableCampaigns.find(
    (c: { id: string }) => c.id === flash.id,
  );
  expect(after).toMatchObject({ claimedByMe: 1, remainingForMe: after.perMemberLimit - 1 });
  expect(after.remainingForMe).toBeLessThanOrEqual(after.remaining);
  const otherMember = await hub.login("chen.wei@stellar.example");
  const theirs = (await hub.request(mineNow, {}, otherMember)).data.claimableCampaigns.find(
    (c: { id: string }) => c.id === flash.id,
  );
  expect(theirs).toMatchObject({ claimedByMe: 0, remainingForMe: Math.min(theirs.perMemberLimit, theirs.remaining) });

  const pack = open.data.claimableCampaigns.find((c: { kind: string }) => c.kind === "PACK");
  const packClaim = await hub.request(CLAIM, { input: { campaignId: pack.id, idempotencyKey: randomUUID() } }, token);
  expect(packClaim.data.claimCampaign.entitlement.isPack).toBe(true);
  const cheapest = [...pack.items].sort((a: { costFen: number }, b: { costFen: number }) => a.costFen - b.costFen);
  const chosen = await hub.request(
    `mutation ($input: ChoosePackOptionsInput!) { choosePackOptions(input: $input) { chosen { id state } errors { code message } } }`,
    {
      input: {
        entitlementId: packClaim.data.claimCampaign.entitlement.id,
        itemIds: cheapest.slice(0, 2).map((i: { id: string }) => i.id),
        idempotencyKey: randomUUID(),
      },
    },
    token,
  );
  expect(chosen.data.choosePackOptions.errors).toEqual([]);
  expect(chosen.data.choosePackOptions.chosen).toHaveLength(2);
});

test("the demo's device velocity rule denies a sixth claim from one device", async () => {
  const flash = (await hub.request(CLAIMABLE, {}, token)).data.claimableCampaigns.find((c: { name: string }) =>
    c.name.includes("A/B"),
  );
  // Two people on one device (the accounts-per-device rule allows three), six attempts in a minute.
  const tokens = [token, await hub.login("manager@stellar.example")];
  const device = `demo-device-${randomUUID()}`;
  const codes: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await hub.request(
      CLAIM,
      { input: { campaignId: flash.id, idempotencyKey: randomUUID(), risk: { deviceId: device } } },
      tokens[i % 2]!,
    );
    codes.push(r.data.claimCampaign.errors[0]?.code ?? "OK");
  }
  expect(codes).toEqual(["OK", "OK", "PER_MEMBER_LIMIT", "PER_MEMBER_LIMIT", "PER_MEMBER_LIMIT", "RISK_DENIED"]);
});
