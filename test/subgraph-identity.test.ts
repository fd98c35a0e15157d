// The gateway is the only public entry: each subgraph refuses a request whose
// identity is missing, forged or expired, over HTTP and websocket; and each
// entity a subgraph resolves by reference stays inside the viewer's tenant.
import { createClient } from "graphql-ws";
import { SignJWT } from "jose";
import WebSocket from "ws";
import { parse, Kind, type ObjectTypeDefinitionNode } from "graphql";
import { IDENTITY_HEADER, internalTokenCodec, type MemberIdentity } from "@benefits-hub/platform";
import { readSdl } from "@benefits-hub/platform/server/type-defs";
import { startTestHub, type TestHub } from "./support/hub";
import { callSubgraph } from "./support/subgraph-client";
import { subgraphs } from "../scripts/subgraphs";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

const urlOf = (name: string) => hub.subgraphs[name as keyof TestHub["subgraphs"]].url;

async function expiredToken(secret: string): Promise<string> {
  return new SignJWT({ identity: { kind: "anonymous" } })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("benefits-hub/gateway")
    .setAudience("benefits-hub/subgraph")
    .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 300)
    .sign(new TextEncoder().encode(secret));
}

describe.each(subgraphs.map((s) => [s.name]))("%s", (name) => {
  test("refuses requests without a valid identity from the gateway", async () => {
    const forged = await internalTokenCodec("someone-elses-secret-of-thirty-two-chars!").sign({
      kind: "member",
      memberId: "00000000-0000-4000-8000-000000000001",
      tenantId: "00000000-0000-4000-8000-000000000002",
      role: "TENANT_ADMIN",
      orgUnitId: "00000000-0000-4000-8000-000000000003",
    });
    for (const header of [undefined, "garbage", forged, await expiredToken(hub.secrets.internalSecret)]) {
      const response = await fetch(urlOf(name), {
        method: "POST",
        headers: { "content-type": "application/json", ...(header ? { [IDENTITY_HEADER]: header } : {}) },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain("__typename");
    }
  });

  test("closes a websocket that brings a forged identity", async () => {
    const forged = await internalTokenCodec("someone-elses-secret-of-thirty-two-chars!").sign({ kind: "anonymous" });
    const client = createClient({
      url: urlOf(name).replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { identity: forged },
    });
    const outcome = await new Promise<string>((resolve) =>
      client.subscribe(
        { query: "{ __typename }" },
        { next: () => resolve("data"), error: () => resolve("refused"), complete: () => resolve("complete") },
      ),
    );
    await client.dispose();
    expect(outcome).toBe("refused");
  });

  test("resolves no entity of another tenant by reference", async () => {
    const entityTypes = parse(readSdl(subgraphs.find((s) => s.name === name)!.sdlDir))
      .definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION)
      .filter(
        (d) =>
          d.directives?.some((x) => x.name.value === "key") &&
          !d.directives.some((x) => x.arguments?.some((a) => a.name.value === "resolvable")),
      )
      .map((d) => d.name.value);
    const victim = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } });
    const ids = [
      victim.id,
      ...(await hub.db.member.findMany({ where: { tenantId: victim.id } })).map((m) => m.id),
      ...(await hub.db.orgUnit.findMany({ where: { tenantId: victim.id } })).map((u) => u.id),
      ...(await hub.db.entitlement.findMany({ where: { tenantId: victim.id } })).map((e) => e.id),
    ];
    const strangerRow = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.otherTenantAdminEmail } });
    const stranger: MemberIdentity = {
      kind: "member",
      memberId: strangerRow.id,
      tenantId: strangerRow.tenantId,
      role: strangerRow.role,
      orgUnitId: strangerRow.orgUnitId,
    };
    for (const type of entityTypes.filter((t) => t !== "Benefit")) {
      const result = await callSubgraph(
        urlOf(name),
        hub.secrets.internalSecret,
        stranger,
        `query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }`,
        { r: ids.map((id) => ({ __typename: type, id })) },
      );
      const resolved = (result.data?._entities ?? []).filter((e: unknown) => e !== null);
      expect({ type, resolved }).toEqual({ type, resolved: [] });
    }
  });
});
