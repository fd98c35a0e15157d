// Websocket tickets: good for one purpose (connecting a websocket) within their short window, never interchangeable
// with access tokens, and carrying when the connection made with them must end.
import { createHmac } from "node:crypto";
import { SignJWT } from "jose";
import { accessTokenCodec, AccessTokenError } from "../src/identity/access-token";
import type { MemberIdentity } from "../src/identity/identity";
import { wsTicketCodec, WsTicketError } from "../src/identity/ws-ticket";

const secret = "a-test-auth-secret-of-at-least-32-characters";
const member: MemberIdentity = {
  kind: "member",
  memberId: "8c0b8d8e-3f54-4e0f-9d53-3f4b8f2a1c01",
  tenantId: "tenant-1",
  role: "TENANT_ADMIN",
  orgUnitId: "unit-1",
  sessionId: "5b0c1a55-5e55-4d0b-8a11-000000000001",
};
const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;

describe("websocket tickets", () => {
  const tickets = wsTicketCodec(secret);
  const access = accessTokenCodec(secret);

  it("names the member and session, and when the connection must end", async () => {
    const endsAt = inSeconds(600);
    const { identity, connectionExpiresAt } = await tickets.verify(await tickets.issue(member, endsAt));
    expect(identity).toEqual({ ...member, expiresAt: endsAt });
    expect(connectionExpiresAt).toBe(endsAt * 1000);
  });

  it("is refused as an access token, and an access token is refused as a ticket", async () => {
    const ticket = await tickets.issue(member, inSeconds(600));
    await expect(access.verify(ticket)).rejects.toThrow(AccessTokenError);
    await expect(tickets.verify(await access.issue(member))).rejects.toThrow(WsTicketError);
  });

  it("is refused once its connect window has passed", async () => {
    const shortLived = wsTicketCodec(secret, 1);
    const ticket = await shortLived.issue(member, inSeconds(600));
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await expect(shortLived.verify(ticket)).rejects.toThrow("ticket expired");
  });

  it("is refused when the session it was minted from has already ended", async () => {
    const ticket = await tickets.issue(member, inSeconds(-1));
    await expect(tickets.verify(ticket)).rejects.toThrow("session expired");
  });

  it("is refused when signed with another secret or the raw auth secret, or made for another purpose", async () => {
    const other = wsTicketCodec("another-secret-of-at-least-32-characters!!");
    await expect(tickets.verify(await other.issue(member, inSeconds(600)))).rejects.toThrow("ticket invalid");
    // Someone holding the raw auth secret's access-token key still cannot forge one: the key is derived.
    const forged = await new SignJWT({ purpose: "ws", tid: "t", role: "MEMBER", unit: "u", sx: inSeconds(600) })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("m")
      .setIssuer("benefits-hub/membership")
      .setAudience("benefits-hub/ws")
      .setExpirationTime("60s")
      .sign(Buffer.from(secret, "utf8"));
    await expect(tickets.verify(forged)).rejects.toThrow("ticket invalid");
    const derived = createHmac("sha256", secret).update("benefits-hub/ws-ticket").digest();
    const otherPurpose = await new SignJWT({ purpose: "api", tid: "t", role: "MEMBER", unit: "u", sx: inSeconds(600) })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("m")
      .setIssuer("benefits-hub/membership")
      .setAudience("benefits-hub/ws")
      .setExpirationTime("60s")
      .sign(derived);
    await expect(tickets.verify(otherPurpose)).rejects.toThrow("wrong purpose");
  });

  it("refuses values that are not tickets", async () => {
    for (const value of [undefined, null, 42, "", "x".repeat(5000), "not.a.jwt", { ticket: "x" }]) {
      await expect(tickets.verify(value)).rejects.toThrow(WsTicketError);
    }
  });

  it("access tokens carry the session and their expiry", async () => {
    const identity = await access.verify(await access.issue(member));
    expect(identity.sessionId).toBe(member.sessionId);
    expect(identity.expiresAt).toBeGreaterThan(inSeconds(0));
  });
});
