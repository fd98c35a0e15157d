// Server actions: a tenant admin creates a campaign, moves it (schedule, pause, resume, end), grants a GRANT
// campaign to members, segments or org units, and follows the grant's background job.
"use server";

import { revalidatePath } from "next/cache";
import { readToken } from "@/lib/auth/session";
import { z } from "zod";
import {
  campaignDraftSchema,
  toCreateCampaignInput,
  type CampaignDraft,
  type DraftField,
  type DraftProblem,
} from "@/lib/campaigns/campaign-draft";
import { refusedWith, type ActionError, type ActionResult } from "@/lib/graphql/action-result";
import {
  createCampaign,
  getGrantJob,
  grantCampaign,
  transitionCampaign,
  type CampaignState,
  type CampaignTransition,
  type GrantJob,
} from "@/lib/graphql/campaigns-admin";

const PATH = "/admin/campaigns";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRANSITIONS: readonly CampaignTransition[] = ["SCHEDULE", "PAUSE", "RESUME", "END"];
const SESSION_ENDED = "Your session has ended. Please sign in again.";

const FORM_FIELDS: readonly DraftField[] = [
  "name",
  "description",
  "channel",
  "kind",
  "audience",
  "startsAt",
  "endsAt",
  "totalLimit",
  "perMemberLimit",
  "budgetOrgUnitId",
  "budgetPeriod",
  "packChoose",
  "packAllowanceFen",
  "items",
];

function formField(apiField: string | null | undefined): DraftField | null {
  const head = apiField?.split(".")[0];
  return FORM_FIELDS.find((field) => field === head) ?? null;
}

export type CreateResult =
  { ok: true; id: string; name: string } | { ok: false; problems: DraftProblem[]; errors: ActionError[] };

export async function createCampaignAction(draft: CampaignDraft): Promise<CreateResult> {
  const token = await readToken();
  if (!token) return { ok: false, problems: [], errors: [{ code: "SESSION", message: SESSION_ENDED }] };
  const shaped = campaignDraftSchema.safeParse(draft);
  if (!shaped.success)
    return { ok: false, problems: [], errors: [{ code: "INVALID_INPUT", message: "Reload the page." }] };
  const checked = toCreateCampaignInput(shaped.data);
  if (!checked.ok) return { ok: false, problems: checked.problems, errors: [] };
  const result = await createCampaign(token, checked.input);
  if (!result.ok) {
    // The API's field errors go next to their inputs ("items.0.skuId" next to the items); the others above.
    const problems: DraftProblem[] = [];
    const errors: ActionError[] = [];
    for (const error of result.errors) {
      const field = formField(error.field);
      if (field) problems.push({ field, message: error.message });
      else errors.push(error);
    }
    return { ok: false, problems, errors };
  }
  revalidatePath(PATH);
  return { ok: true, id: result.value.id, name: result.value.name };
}

export async function transitionAction(
  id: string,
  transition: CampaignTransition,
): Promise<ActionResult<{ id: string; state: CampaignState }>> {
  const token = await readToken();
  if (!token) return refusedWith("SESSION", SESSION_ENDED);
  if (typeof id !== "string" || !UUID.test(id) || !TRANSITIONS.includes(transition))
    return refusedWith("INVALID_INPUT", "Reload the page.");
  const result = await transitionCampaign(token, id, transition);
  if (result.ok) revalidatePath(PATH);
  return result;
}

const grantDraftSchema = z.strictObject({
  /** Member ids separated by spaces, commas or new lines. */
  memberIds: z.string().max(200_000),
  segmentIds: z.array(z.string().max(100)).max(1_000),
  orgUnitIds: z.array(z.string().max(100)).max(1_000),
});

export type GrantDraft = z.infer<typeof grantDraftSchema>;

export async function grantAction(campaignId: string, key: string, draft: GrantDraft): Promise<ActionResult<GrantJob>> {
  const token = await readToken();
  if (!token) return refusedWith("SESSION", SESSION_ENDED);
  const shaped = grantDraftSchema.safeParse(draft);
  if (!UUID.test(campaignId) || typeof key !== "string" || !key || key.length > 200 || !shaped.success) {
    return refusedWith("INVALID_INPUT", "Reload the page.");
  }
  const { segmentIds, orgUnitIds } = shaped.data;
  const memberIds = shaped.data.memberIds.split(/[\s,;]+/).filter(Boolean);
  const ids = [...memberIds, ...segmentIds, ...orgUnitIds];
  if (ids.length === 0) return refusedWith("INVALID_INPUT", "Choose whom to grant it to.", "targets");
  if (ids.some((id) => !UUID.test(id))) {
    return refusedWith("INVALID_INPUT", "Member ids are 36 characters, like 3f2b8c1e-0d4a-4c1b-9a7e-5b6c7d8e9f00.");
  }
  const result = await grantCampaign(token, campaignId, key, { memberIds, segmentIds, orgUnitIds });
  if (result.ok) revalidatePath(PATH);
  return result;
}

/** The job's progress; refused when it is unknown or cannot be read now. */
export async function grantJobAction(jobId: string): Promise<ActionResult<GrantJob>> {
  const token = await readToken();
  if (!token) return refusedWith("SESSION", SESSION_ENDED);
  if (typeof jobId !== "string" || !UUID.test(jobId)) return refusedWith("NOT_FOUND", "That grant is unknown.");
  const job = await getGrantJob(token, jobId);
  if (!job.ok) return refusedWith("UNREACHABLE", "The grant's progress could not be read; still trying.");
  if (!job.value) return refusedWith("NOT_FOUND", "That grant is unknown.");
  if (job.value.state !== "RUNNING") revalidatePath(PATH);
  return { ok: true, value: job.value };
}
