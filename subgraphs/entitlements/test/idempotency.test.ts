// Idempotency keys on the entitlements mutations keyed at the resolver
// (README, Idempotency): campaigns, risk rules and lists, issuance rules,
// through the gateway. (Claims and the lifecycle key themselves: see their tests.)
import { randomUUID } from "node:crypto";
import { startTestHub, type TestHub } from "../../../test/support/hub";
import { expectKeyed } from "../../../test/support/idempotency";
import { RULE_FIELDS } from "./risk/support";

let hub: TestHub;
let admin: string;
let tenantId: string;
let rootUnitId: string;
let skuId: string;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.login(hub.demo.adminEmail);
  const member = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.adminEmail } });
  tenantId = member.tenantId;
  rootUnitId = (await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId, parentId: null } })).id;
  skuId = (await hub.db.sku.findFirstOrThrow({ where: { fulfilmentKind: "CARD_CODE", archivedAt: null } })).id;
}, 120_000);
afterAll(() => hub?.stop());

const startsAt = new Date(Date.now() + 3_600_000).toISOString();

async function call(field: string, query: string, variables: object) {
  const r = await hub.request(query, variables, admin);
  if (!r.data?.[field]) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data[field];
}

const CREATE = `mutation ($input: CreateCampaignInput!) {
  createCampaign(input: $input) { campaign { id name state items { sku { id } costFen } } errors { code message } } }`;
const TRANSITION = `mutation ($id: ID!, $t: CampaignTransition!, $key: String) {
  transitionCampaign(id: $id, transition: $t, idempotencyKey: $key) { campaign { id state } errors { code message } } }`;
const CREATE_RULE = `mutation ($input: CreateRiskRuleInput!) {
  createRiskRule(input: $input) { rule { ${RULE_FIELDS} } errors { code message field } } }`;
const DELETE_RULE = `mutation ($id: ID!, $key: String) {
  deleteRiskRule(id: $id, idempotencyKey: $key) { deletedId errors { code message } } }`;

const campaignInput = (name: string) => ({
  name,
  channel: "CLAIM",
  audience: { everyone: true },
  startsAt, // the same in every send: a retry repeats its request exactly
  budgetOrgUnitId: rootUnitId,
  budgetPeriod: new Date().toISOString().slice(0, 7),
  items: [{ skuId, costFen: 100 }],
});

test("createCampaign: a retry answers the first campaign, a different request is refused, a burst makes one", async () => {
  await expectKeyed({
    send: (key, v) => call("createCampaign", CREATE, { input: { ...campaignInput(`C ${v}`), idempotencyKey: key } }),
    effects: (v) => hub.db.campaign.count({ where: { tenantId, name: `C ${v}` } }),
  });
});

test("transitionCampaign (a key as an argument): a retry answers the move, a repeat without the key is refused", async () => {
  const made = await call("createCampaign", CREATE, { input: campaignInput(`T ${randomUUID().slice(0, 6)}`) });
  const id = made.campaign.id;
  const audits = () => hub.db.entitlementsAuditEntry.count({ where: { tenantId, targetId: id } });
  const before = await audits();
  const key = `k-${randomUUID()}`;
  const answers = await Promise.all(
    [0, 1, 2].map(() => call("transitionCampaign", TRANSITION, { id, t: "SCHEDULE", key })),
  );
  for (const a of answers) expect(a).toEqual({ campaign: { id, state: "SCHEDULED" }, errors: [] });
  expect(await audits()).toBe(before + 1);
  const other = await call("transitionCampaign", TRANSITION, { id, t: "END", key });
  expect(other.errors.map((e: { code: string }) => e.code)).toEqual(["IDEMPOTENCY_CONFLICT"]);
  expect((await hub.db.campaign.findUniqueOrThrow({ where: { id } })).state).toBe("SCHEDULED");
  const unkeyed = await call("transitionCampaign", TRANSITION, { id, t: "SCHEDULE" });
  expect(unkeyed.errors).not.toEqual([]);
});

test("createRiskRule: keyed the same way (a JSON config in the request)", async () => {
  await expectKeyed({
    send: (key, v) =>
      call("createRiskRule", CREATE_RULE, {
        input: {
          name: `burst ${v}`,
          kind: "VELOCITY",
          actions: ["CLAIM"],
          outcome: "DENY",
          config: { subject: "DEVICE", limit: 5, windowSeconds: 60 },
          idempotencyKey: key,
        },
      }),
    effects: (v) => hub.db.riskRule.count({ where: { tenantId, name: `burst ${v}` } }),
  });
});

test("deleteRiskRule: a retry answers the deletion, not NOT_FOUND", async () => {
  const made = await call("createRiskRule", CREATE_RULE, {
    input: {
      name: `gone ${randomUUID().slice(0, 6)}`,
      kind: "VELOCITY",
      actions: ["CLAIM"],
      outcome: "DENY",
      config: { subject: "DEVICE", limit: 5, windowSeconds: 60 },
    },
  });
  const id = made.rule.id;
  const first = await call("deleteRiskRule", DELETE_RULE, { id, key: `del-${id}` });
  const retry = await call("deleteRiskRule", DELETE_RULE, { id, key: `del-${id}` });
  expect(first).toEqual({ deletedId: id, errors: [] });
  expect(retry).toEqual(first);
  expect((await call("deleteRiskRule", DELETE_RULE, { id })).errors.map((e: { code: string }) => e.code)).toEqual([
    "NOT_FOUND",
  ]);
});
