// Grants: a tenant admin issues a GRANT campaign to members, segments or
// subtrees. The request records a job and returns at once; the job runner
// resolves the members a page at a time and issues to each (key
// `grant:<job>:<member>`, so a resumed job never issues twice), saving
// progress and a heartbeat after every batch.
import { isUsableKey } from "@benefits-hub/platform/idempotency";
import type { Identity, Logger, MemberIdentity } from "@benefits-hub/platform";
import type { TenantIdsClient } from "@benefits-hub/platform/tenant-ids";
import type { GrantJob, PrismaClient } from "@benefits-hub/platform/db/client";
import { z } from "zod";
import type { AudienceClient } from "../../clients/audience.client";
import type { MembersClient } from "../../clients/members.client";
import { recordAudit } from "../../data/audit.repository";
import type { CampaignRepository } from "../../data/campaign.repository";
import { foreignId } from "../campaigns/audience-ids";
import { effectiveState, firstProblem } from "../campaigns/campaign-rules";
import { isUuid } from "../ids";
import { issuanceError, type IssuanceError } from "./issuance-errors";
import type { IssuanceService } from "./issuance.service";

const grantSchema = z
  .object({
    campaignId: z.string().uuid(),
    memberIds: z.array(z.string().uuid()).max(100_000).nullish(),
    segmentIds: z.array(z.string().uuid()).max(20).nullish(),
    orgUnitIds: z.array(z.string().uuid()).max(100).nullish(),
    idempotencyKey: z.string().refine(isUsableKey, "1 to 200 printable characters").nullish(),
  })
  .refine((g) => (g.memberIds?.length ?? 0) + (g.segmentIds?.length ?? 0) + (g.orgUnitIds?.length ?? 0) > 0, {
    message: "name members, segments or org units",
    path: ["memberIds"],
  });

interface Target {
  memberIds: string[];
  segmentIds: string[];
  orgUnitIds: string[];
  actor: MemberIdentity;
  idempotencyKey: string | null;
}

export type GrantResult = { job: GrantJob | null; errors: IssuanceError[] };

const BATCH = 100;
const CONCURRENCY = 8;

export class GrantService {
  constructor(
    private readonly db: PrismaClient,
    private readonly campaigns: CampaignRepository,
    private readonly issuance: IssuanceService,
    private readonly members: MembersClient,
    private readonly audience: AudienceClient,
    private readonly log: Logger,
    private readonly tenantIds: TenantIdsClient,
  ) {}

  async start(viewer: Identity, input: unknown): Promise<GrantResult> {
    if (viewer.kind !== "member" || viewer.role !== "TENANT_ADMIN") return fail("NOT_FOUND");
    const parsed = grantSchema.safeParse(input);
    if (!parsed.success) return fail("INVALID_INPUT", firstProblem(parsed.error));
    const g = parsed.data;
    const campaign = await this.campaigns.withItems(viewer.tenantId, g.campaignId);
    if (!campaign || campaign.channel !== "GRANT") return fail("NOT_FOUND", { message: "No such GRANT campaign" });
    if (effectiveState(campaign) !== "LIVE") return fail("CAMPAIGN_NOT_LIVE");
    const target: Target = {
      memberIds: [...new Set(g.memberIds ?? [])],
      segmentIds: g.segmentIds ?? [],
      orgUnitIds: g.orgUnitIds ?? [],
      actor: viewer,
      idempotencyKey: g.idempotencyKey ?? null,
    };
    if (g.idempotencyKey) {
      const earlier = await this.db.grantJob.findFirst({
        where: { tenantId: viewer.tenantId, target: { path: ["idempotencyKey"], equals: g.idempotencyKey } },
      });
      if (earlier) return { job: earlier, errors: [] };
    }
    // Listed ids are checked before the job stores them; members who leave meanwhile are counted as NOT_FOUND.
    const foreign = await foreignId(this.tenantIds, viewer.tenantId, target);
    if (foreign) return { job: null, errors: [foreign] };
    const job = await this.db.$transaction(async (tx) => {
      const created = await tx.grantJob.create({
        data: {
          tenantId: viewer.tenantId,
          campaignId: campaign.id,
          target: JSON.parse(JSON.stringify(target)),
          createdBy: viewer.memberId,
        },
      });
      await recordAudit(tx, viewer, {
        action: "campaign.grant",
        targetType: "campaign",
        targetId: campaign.id,
        details: {
          jobId: created.id,
          memberIds: target.memberIds.length,
          segmentIds: target.segmentIds,
          orgUnitIds: target.orgUnitIds,
        },
      });
      return created;
    });
    void this.run(job.id);
    return { job, errors: [] };
  }

  job(viewer: Identity, id: string): Promise<GrantJob | null> {
    if (viewer.kind !== "member" || viewer.role !== "TENANT_ADMIN" || !isUuid(id)) return Promise.resolve(null);
    return this.db.grantJob.findFirst({ where: { id, tenantId: viewer.tenantId } });
  }

  /** Jobs whose runner died (no heartbeat for a minute) are resumed; issuing is idempotent per member. */
  async resumeAbandoned(): Promise<void> {
    const stale = await this.db.grantJob.updateManyAndReturn({
      where: { state: "RUNNING", heartbeatAt: { lt: new Date(Date.now() - 60_000) } },
      data: { heartbeatAt: new Date() },
    });
    for (const job of stale) void this.run(job.id);
  }

  private async run(jobId: string): Promise<void> {
    const job = await this.db.grantJob.findUnique({ where: { id: jobId } });
    if (!job) return;
    const target = job.target as unknown as Target;
    const counts = { total: 0, processed: 0, issued: 0, failed: 0 };
    const failures: Record<string, number> = {};
    const seen = new Set<string>();
    let saved = 0;
    try {
      // Read once for the whole job: each hold re-checks the campaign's state, window and stock in the database.
      const campaign = await this.campaigns.withItems(job.tenantId, job.campaignId);
      for await (const { members: page, unknown } of this.targets(job.tenantId, target)) {
        const fresh = page.filter((id) => !seen.has(id));
        fresh.forEach((id) => seen.add(id));
        counts.total += fresh.length + unknown;
        if (unknown > 0) {
          // Listed ids that are not members of the tenant: counted, never issued to.
          counts.processed += unknown;
          counts.failed += unknown;
          failures.NOT_FOUND = (failures.NOT_FOUND ?? 0) + unknown;
        }
        for (let i = 0; i < fresh.length; i += CONCURRENCY) {
          const results = await Promise.all(
            fresh.slice(i, i + CONCURRENCY).map((memberId) =>
              this.issuance.issue(
                {
                  tenantId: job.tenantId,
                  campaignId: job.campaignId,
                  memberId,
                  idempotencyKey: `grant:${job.id}:${memberId}`,
                  initialState: "ISSUED",
                  channels: ["GRANT"],
                },
                campaign,
              ),
            ),
          );
          for (const r of results) {
            counts.processed++;
            if (r.entitlement) counts.issued++;
            else {
              counts.failed++;
              const code = String(r.errors[0]?.code ?? "UNAVAILABLE");
              failures[code] = (failures[code] ?? 0) + 1;
            }
          }
          if (counts.processed - saved >= BATCH) {
            await this.save(jobId, counts, failures);
            saved = counts.processed;
          }
        }
      }
      await this.db.grantJob.update({
        where: { id: jobId },
        data: { ...counts, failures, state: "SUCCEEDED", finishedAt: new Date(), heartbeatAt: new Date() },
      });
    } catch (error) {
      this.log.error({ jobId, err: String(error) }, "grant job failed");
      await this.db.grantJob
        .update({
          where: { id: jobId },
          data: {
            ...counts,
            failures,
            state: "FAILED",
            error:
              "The grant stopped: a service did not answer. Start it again to finish; members already granted are skipped.",
            finishedAt: new Date(),
          },
        })
        .catch(() => {});
    }
  }

  private save(jobId: string, counts: object, failures: object) {
    return this.db.grantJob.update({ where: { id: jobId }, data: { ...counts, failures, heartbeatAt: new Date() } });
  }

  /** Pages of member ids: the listed ones (checked to be the tenant's), then segments, then subtrees. */
  private async *targets(tenantId: string, t: Target): AsyncGenerator<{ members: string[]; unknown: number }> {
    for (let i = 0; i < t.memberIds.length; i += BATCH) {
      const slice = t.memberIds.slice(i, i + BATCH);
      const known = await Promise.all(slice.map((id) => this.audience.factsOf(tenantId, id)));
      const members = slice.filter((_, k) => known[k] !== null);
      yield { members, unknown: slice.length - members.length };
    }
    for (const segmentId of t.segmentIds) {
      for await (const members of this.members.ofSegment(t.actor, segmentId)) yield { members, unknown: 0 };
    }
    if (t.orgUnitIds.length > 0) {
      for await (const members of this.members.ofSubtrees(t.actor, t.orgUnitIds)) yield { members, unknown: 0 };
    }
  }
}

const fail = (code: string, extra: Partial<IssuanceError> = {}): GrantResult => ({
  job: null,
  errors: [issuanceError(code, extra)],
});
