// What the hub records about the browser behind a member's action: its user agent and address (forwarded to the
// gateway, which believes the address only when it trusts this server as its proxy), and a device id for risk
// control: a random id in a long-lived cookie, so velocity and accounts-per-device rules can count this browser.
import { randomUUID } from "node:crypto";
import { cookies, headers } from "next/headers";
import { servedOverHttps } from "./session";

const DEVICE_COOKIE = "hub_device";
const DEVICE_ID = /^web-[0-9a-f-]{36}$/;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export async function forwardedHeaders(): Promise<Record<string, string>> {
  const h = await headers();
  const forwarded: Record<string, string> = {};
  const userAgent = h.get("user-agent");
  const address = h.get("x-forwarded-for");
  if (userAgent) forwarded["user-agent"] = userAgent;
  if (address) forwarded["x-forwarded-for"] = address;
  return forwarded;
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
