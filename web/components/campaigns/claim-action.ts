// Server action: a member claims from a campaign in the mall, with the idempotency key of their click.
"use server";

import { revalidatePath } from "next/cache";
import { deviceId, forwardedHeaders } from "@/lib/auth/request-facts";
import { readToken } from "@/lib/auth/session";
import { refusedWith, type ActionResult } from "@/lib/graphql/action-result";
import { claimCampaign } from "@/lib/graphql/campaigns";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ClaimResult {
  entitlementId: string;
  benefitName: string;
}

export async function claimAction(campaignId: string, key: string): Promise<ActionResult<ClaimResult>> {
  const token = await readToken();
  if (!token) return refusedWith("SESSION", "Your session has ended. Please sign in again.");
  if (typeof campaignId !== "string" || !UUID.test(campaignId)) {
    return refusedWith("NOT_FOUND", "That campaign is unknown.");
  }
  if (typeof key !== "string" || !key || key.length > 200) {
    return refusedWith("INVALID_INPUT", "Reload the page and try again.");
  }
  const result = await claimCampaign(token, campaignId, key, await deviceId(), await forwardedHeaders());
  if (!result.ok) return result;
  revalidatePath("/");
  revalidatePath("/wallet");
  return { ok: true, value: { entitlementId: result.value.id, benefitName: result.value.benefit.name } };
}
