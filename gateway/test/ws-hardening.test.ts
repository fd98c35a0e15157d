// The gateway's websocket as an attacker or a careless client meets it:
// credentials checked on every operation and the connection closed when they
// end, the caller's address recorded, frames and documents limited, and
// malformed messages answered per operation instead of closing the socket.
import WebSocket from "ws";
import { accessTokenCodec, wsTicketCodec, type MemberIdentity } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../test/support/hub";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

interface Frame {
  id?: string;
  type: string;
  payload?: any;
}

/** A raw graphql-transport-ws connection: every frame it gets, and how it closed. */
class RawSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly opened: Promise<void>;
  private readonly socket: WebSocket;

  constructor(headers: Record<string, string> = {}) {
    this.socket = new WebSocket(hub.gatewayWsUrl, "graphql-transport-ws", { headers });
    this.socket.on("message", (data) => this.frames.push(JSON.parse(String(data)) as Frame));
    this.closed = new Promise((resolve) =>
      this.socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
    );
    this.opened = new Promise((resolve, reject) => {
      this.socket.once("open", resolve);
      this.socket.once("error", reject);
    });
    this.opened.catch(() => {});
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  async init(payload: Record<string, unknown>): Promise<void> {
    await this.opened;
    this.send({ type: "connection_init", payload });
    await this.next((f) => f.type === "connection_ack");
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables?: Record<string, unknown>): void {
    this.send({ id, type: "subscribe", payload: { query, ...(variables ? { variables } : {}) } });
  }

  /** The first frame (already here or coming) that matches. */
  async next(match: (frame: Frame) => boolean, timeoutMs = 15_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (Date.now() > deadline || this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * Opens a socket and sends connection_init with `payload` (credentials are fetched before: the gateway waits 3 s
 * for connection_init). Rejects with the socket when the gateway refuses it.
 */
async function connect(payload: Record<string, unknown>, headers?: Record<string, string>): Promise<RawSocket> {
  const socket = new RawSocket(headers);
  try {
    await socket.init(payload);
  } catch {
    throw socket;
  }
  return socket;
}

/** The socket the gateway refused at connection_init; fails the test if it was accepted. */
async function refusal(payload: Record<string, unknown>): Promise<RawSocket> {
  const refused = await connect(payload).then(
    (socket) => {
      socket.close();
      throw new Error("the gateway accepted the connection");
    },
    (socket: RawSocket) => socket,
  );
  return refused;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const errorFor = (socket: RawSocket, id: string) => socket.next((f) => f.id === id && f.type === "error");
const codeOf = (frame: Frame) => frame.payload?.[0]?.extensions?.code;

async function loginSession(email: string) {
  const result = await hub.request(
    `mutation ($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken refreshToken } }`,
    { e: email, p: hub.demo.password },
  );
  return result.data.login as { accessToken: string; refreshToken: string };
}

async function memberIdentity(email: string): Promise<MemberIdentity> {
  const member = await hub.db.member.findUniqueOrThrow({ where: { email } });
  return {
    kind: "member",
    memberId: member.id,
    tenantId: member.tenantId,
    role: member.role as MemberIdentity["role"],
    orgUnitId: member.orgUnitId,
  };
}

test("a syntax error, a malformed subscribe and a document over the limits get an error each; the socket stays open", async () => {
  const socket = await connect(bearer(await hub.login(hub.demo.adminEmail)));
  socket.subscribe("syntax", "subscription { redemptionCounted {");
  expect(codeOf(await errorFor(socket, "syntax"))).toBe("GRAPHQL_PARSE_FAILED");
  socket.send({ id: "shape", type: "subscribe", payload: { query: 42 } });
  const shape = await errorFor(socket, "shape");
  expect(codeOf(shape)).toBe("BAD_REQUEST");
  expect(shape.payload[0].message).toMatch(/query/);
  const deep = `{ ${"orgTree { children { ".repeat(8)}id${" } }".repeat(8)} }`;
  socket.subscribe("deep", deep);
  expect(codeOf(await errorFor(socket, "deep"))).toBe("QUERY_TOO_DEEP");
  socket.subscribe("unknown", "{ noSuchField }");
  expect(codeOf(await errorFor(socket, "unknown"))).toBe("GRAPHQL_VALIDATION_FAILED");
  socket.subscribe("fine", "{ me { id } }");
  const fine = await socket.next((f) => f.id === "fine" && f.type === "next");
  expect(fine.payload.errors).toBeUndefined();
  expect(socket.open).toBe(true);
  // A frame that names no operation is still the protocol's 4400.
  socket.send("not json");
  expect(await socket.closed).toEqual({ code: 4400, reason: "Invalid message received" });
});

test("a frame over the size limit closes the socket with 1009", async () => {
  const socket = await connect(bearer(await hub.login(hub.demo.adminEmail)));
  socket.subscribe("big", `{ me { id } }`, { padding: "x".repeat(1024 * 1024 + 1) });
  expect((await socket.closed).code).toBe(1009);
});

test("an API key revoked while connected: the socket closes with 4401, and a new connection is refused", async () => {
  const admin = await hub.login(hub.demo.adminEmail);
  const created = (
    await hub.request(
      `mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id } } }`,
      { i: { name: "Kiosk", permissions: ["CATALOG_READ"] } },
      admin,
    )
  ).data.createApiKey;
  const socket = await connect({ authorization: `ApiKey ${created.key}` });
  socket.subscribe("who", "{ currentPartner { apiKeyName } }");
  expect((await socket.next((f) => f.id === "who" && f.type === "next")).payload.data).toEqual({
    currentPartner: { apiKeyName: "Kiosk" },
  });
  await hub.request(
    `mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { errors { code } } }`,
    { id: created.apiKey.id },
    admin,
  );
  expect(await socket.closed).toEqual({ code: 4401, reason: "The API key was revoked" });
  const again = await refusal({ authorization: `ApiKey ${created.key}` });
  expect(await again.closed).toEqual({ code: 4403, reason: "Forbidden: API key unknown or revoked" });
});

test("logout closes the session's websockets and its access token stops working over HTTP", async () => {
  const session = await loginSession(hub.demo.adminEmail);
  const other = await hub.login(hub.demo.adminEmail); // another session of the same member stays
  const socket = await connect(bearer(session.accessToken));
  const bystander = await connect(bearer(other));
  await hub.request(`mutation ($t: String!) { logout(input: { refreshToken: $t }) { loggedOut } }`, {
    t: session.refreshToken,
  });
  expect(await socket.closed).toEqual({ code: 4401, reason: "The session has ended" });
  const http = await hub.request(`{ me { id } }`, {}, session.accessToken);
  expect(http.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  bystander.subscribe("still", "{ me { id } }");
  expect((await bystander.next((f) => f.id === "still")).type).toBe("next");
  bystander.close();
});

test("the connection ends when its access token expires; an operation is checked before it runs", async () => {
  const identity = await memberIdentity(hub.demo.adminEmail);
  const shortLived = await accessTokenCodec(hub.secrets.authSecret, 6).issue(identity);
  const socket = await connect(bearer(shortLived));
  socket.subscribe("before", "{ me { id } }");
  expect((await socket.next((f) => f.id === "before")).type).toBe("next");
  expect(await socket.closed).toEqual({ code: 4401, reason: "The access token expired" });
});

test("a live ticket opens subscriptions only, ends with its session's time, and cannot come with a token", async () => {
  const identity = await memberIdentity(hub.demo.adminEmail);
  const tickets = wsTicketCodec(hub.secrets.authSecret);
  const socket = await connect({ ticket: await tickets.issue(identity, Math.floor(Date.now() / 1000) + 6) });
  socket.subscribe("query", "{ me { id } }");
  const refused = await errorFor(socket, "query");
  expect(codeOf(refused)).toBe("FORBIDDEN");
  socket.subscribe("live", "subscription { redemptionCounted { redeemedCount } }");
  await new Promise((r) => setTimeout(r, 300));
  expect(socket.frames.filter((f) => f.id === "live")).toEqual([]);
  expect(await socket.closed).toEqual({ code: 4401, reason: "The live ticket's session expired" });

  const ticket = await tickets.issue(identity, Math.floor(Date.now() / 1000) + 60);
  const both = await refusal({ ticket, ...bearer(await hub.login(hub.demo.adminEmail)) });
  expect((await both.closed).code).toBe(4403);
});

test("changes made over the websocket record the caller's address and user agent", async () => {
  const socket = await connect(bearer(await hub.login(hub.demo.adminEmail)), { "user-agent": "ws-audit-test/1.0" });
  socket.subscribe(
    "create",
    `mutation { createApiKey(input: { name: "Over the socket", permissions: [CATALOG_READ] }) { apiKey { id } } }`,
  );
  const created = await socket.next((f) => f.id === "create" && f.type === "next");
  const id = created.payload.data.createApiKey.apiKey.id;
  const entry = await hub.db.auditEntry.findFirstOrThrow({ where: { targetId: id, action: "api_key.create" } });
  expect(entry.userAgent).toBe("ws-audit-test/1.0");
  expect(entry.ip).toMatch(/127\.0\.0\.1/);
  socket.close();
});
