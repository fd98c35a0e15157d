// Risk tests' helpers: a fresh tenant with an admin and members (so each
// test owns its rules and decisions), and calls to the entitlements subgraph
// as one of them, with a request origin as the gateway would sign it.
import { IDENTITY_HEADER, internalTokenCodec, type MemberIdentity } from "@benefits-hub/platform";
import type { GraphQLResponse, TestHub } from "../../../../test/support/hub";

export const ORIGIN = { ip: "203.0.113.7", userAgent: "risk-test/1.0" };

export interface Actor {
  identity: MemberIdentity;
  /** Calls the entitlements subgraph as this member. */
  call<T = any>(query: string, variables?: object): Promise<GraphQLResponse<T>>;
}

export function actor(hub: TestHub, row: { id: string; tenantId: string; role: string; orgUnitId: string }): Actor {
  const identity = {
    kind: "member",
    memberId: row.id,
    tenantId: row.tenantId,
    role: row.role,
    orgUnitId: row.orgUnitId,
  } as MemberIdentity;
  return {
    identity,
    async call<T>(query: string, variables?: object) {
      const token = await internalTokenCodec(hub.secrets.internalSecret).sign(identity, ORIGIN);
      const response = await fetch(hub.subgraphs.entitlements.url, {
        method: "POST",
        headers: { "content-type": "application/json", [IDENTITY_HEADER]: token },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<T>;
    },
  };
}

export interface RiskTenant {
  tenantId: string;
  admin: Actor;
  secondAdmin: Actor;
  manager: Actor;
  members: Actor[];
}

/** A new tenant with two admins, a unit manager and `members` members. */
export async function riskTenant(hub: TestHub, members = 3): Promise<RiskTenant> {
  const tenant = await hub.seed.tenant();
  const make = async (role: "TENANT_ADMIN" | "UNIT_MANAGER" | "MEMBER") =>
    actor(hub, await hub.seed.member({ tenantId: tenant.id, role }));
  const admin = await make("TENANT_ADMIN");
  const secondAdmin = await make("TENANT_ADMIN");
  const manager = await make("UNIT_MANAGER");
  const list: Actor[] = [];
  for (let i = 0; i < members; i++) list.push(await make("MEMBER"));
  return { tenantId: tenant.id, admin, secondAdmin, manager, members: list };
}

export const RULE_FIELDS = `id name kind actions outcome enabled createdAt updatedAt
  config { subject limit windowSeconds allowedRegions maxAccounts }`;
export const DECISION_FIELDS = `id action member { id } deviceId ip region campaignId entitlementId outcome
  firedRules { ruleId name kind outcome reason } request reviewState reviewedBy reviewedAt reviewNote createdAt`;

export const CREATE_RULE = `mutation ($input: CreateRiskRuleInput!) {
  createRiskRule(input: $input) { rule { ${RULE_FIELDS} } errors { code message field } }
}`;

/** Creates a rule as the admin and returns its id (fails the test on errors). */
export async function createRule(admin: Actor, input: object): Promise<string> {
  const result = await admin.call(CREATE_RULE, { input });
  const payload = result.data?.createRiskRule;
  if (!payload?.rule) throw new Error(`createRiskRule failed: ${JSON.stringify(result)}`);
  return payload.rule.id as string;
}
