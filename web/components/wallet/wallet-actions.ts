// Server actions: a member's moves on an entitlement of their wallet. The browser sends the idempotency key of
// the member's action (one per click, kept for a retry); the token stays on the server.
"use server";

import { revalidatePath } from "next/cache";
import { deviceId, forwardedHeaders } from "@/lib/auth/request-facts";
import { readToken } from "@/lib/auth/session";
import { refusedWith, type ActionResult } from "@/lib/graphql/action-result";
import {
  acceptEntitlement,
  choosePackOptions,
  redeemEntitlement,
  revealEntitlement,
  topupEntitlement,
  transferEntitlement,
  type CardCode,
  type MemberCall,
} from "@/lib/graphql/wallet-mutations";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_KEY_LENGTH = 200;
const ACCOUNT = /^[0-9A-Za-z@._+-]{3,64}$/;

type Checked = { ok: true; call: MemberCall } | { ok: false; result: ActionResult<never> };

async function memberCall(entitlementId: string, idempotencyKey: string): Promise<Checked> {
  const token = await readToken();
  if (!token) return { ok: false, result: refusedWith("SESSION", "Your session has ended. Please sign in again.") };
  if (typeof entitlementId !== "string" || !UUID.test(entitlementId)) {
    return { ok: false, result: refusedWith("NOT_FOUND", "That entitlement is unknown.") };
  }
  if (typeof idempotencyKey !== "string" || !idempotencyKey || idempotencyKey.length > MAX_KEY_LENGTH) {
    return { ok: false, result: refusedWith("INVALID_INPUT", "Reload the page and try again.") };
  }
  return { ok: true, call: { token, idempotencyKey, deviceId: await deviceId(), headers: await forwardedHeaders() } };
}

async function done<T>(result: ActionResult<T>): Promise<ActionResult<T>> {
  if (result.ok) revalidatePath("/wallet");
  return result;
}

export async function acceptAction(entitlementId: string, key: string): Promise<ActionResult<unknown>> {
  const checked = await memberCall(entitlementId, key);
  return checked.ok ? done(await acceptEntitlement(checked.call, entitlementId)) : checked.result;
}

export async function redeemAction(entitlementId: string, key: string): Promise<ActionResult<unknown>> {
  const checked = await memberCall(entitlementId, key);
  return checked.ok ? done(await redeemEntitlement(checked.call, entitlementId)) : checked.result;
}

export async function revealAction(entitlementId: string, key: string): Promise<ActionResult<CardCode>> {
  const checked = await memberCall(entitlementId, key);
  return checked.ok ? done(await revealEntitlement(checked.call, entitlementId)) : checked.result;
}

export async function topupAction(entitlementId: string, key: string, account: string): Promise<ActionResult<unknown>> {
  const checked = await memberCall(entitlementId, key);
  if (!checked.ok) return checked.result;
  const trimmed = typeof account === "string" ? account.trim() : "";
  if (!ACCOUNT.test(trimmed)) {
    return refusedWith(
      "INVALID_INPUT",
      "Enter the phone number or account to top up (3 to 64 letters or digits).",
      "account",
    );
  }
  return done(await topupEntitlement(checked.call, entitlementId, trimmed));
}

export async function transferAction(
  entitlementId: string,
  key: string,
  toMemberId: string,
): Promise<ActionResult<unknown>> {
  const checked = await memberCall(entitlementId, key);
  if (!checked.ok) return checked.result;
  const recipient = typeof toMemberId === "string" ? toMemberId.trim() : "";
  if (!UUID.test(recipient)) {
    return refusedWith(
      "INVALID_INPUT",
      "Enter your colleague's member id (36 characters, like 3f2b8c1e-…).",
      "toMemberId",
    );
  }
  return done(await transferEntitlement(checked.call, entitlementId, recipient));
}

export async function choosePackAction(
  entitlementId: string,
  key: string,
  itemIds: string[],
): Promise<ActionResult<unknown>> {
  const checked = await memberCall(entitlementId, key);
  if (!checked.ok) return checked.result;
  if (
    !Array.isArray(itemIds) ||
    itemIds.length === 0 ||
    itemIds.length > 100 ||
    itemIds.some((id) => typeof id !== "string" || !UUID.test(id))
  ) {
    return refusedWith("INVALID_INPUT", "Choose the options you want.", "itemIds");
  }
  return done(await choosePackOptions(checked.call, entitlementId, itemIds));
}
