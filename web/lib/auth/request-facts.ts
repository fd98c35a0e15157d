// What the hub records about the browser behind a member's action: its user agent and address (forwarded to the
// gateway, which believes the address only when it trusts this server as its proxy), and a device id for risk
// control: a random id in a long-lived cookie, so velocity and accounts-per-device rules can count this browser.
// The address is this server's own view of the connection, which server.mjs puts in CLIENT_ADDRESS_HEADER after
// removing whatever the browser sent; a browser's own X-Forwarded-For is never passed on.
import { randomUUID } from "node:crypto";
import { cookies, headers } from "next/headers";
import { servedOverHttps } from "./session";

const DEVICE_COOKIE = "hub_device";
const DEVICE_ID = /^web-[0-9a-f-]{36}$/;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
/** Set by server.mjs only (any value the browser sends is dropped there). */
export const CLIENT_ADDRESS_HEADER = "x-hub-client-address";

/** The headers to send the gateway for a request with headers `h`. */
export function forwardedFrom(h: Headers): Record<string, string> {
  const forwarded: Record<string, string> = {};
  const userAgent = h.get("user-agent");
  const address = h.get(CLIENT_ADDRESS_HEADER);
  if (userAgent) forwarded["user-agent"] = userAgent;
  if (address) forwarded["x-forwarded-for"] = address;
  return forwarded;
}

export async function forwardedHeaders(): Promise<Record<string, string>> {
  return forwardedFrom(await headers());
}

/** This browser's device id; created on first use. Server actions only (it may set a cookie). */
export async function deviceId(): Promise<string> {
  const jar = await cookies();
  const current = jar.get(DEVICE_COOKIE)?.value;
  if (current && DEVICE_ID.test(current)) return current;
  const id = `web-${randomUUID()}`;
  jar.set(DEVICE_COOKIE, id, {
    httpOnly: true,
    sameSite: "lax",
    secure: await servedOverHttps(),
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
  });
  return id;
}
