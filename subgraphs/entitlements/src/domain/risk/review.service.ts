// Tenant admins read stored risk decisions and work the review queue. A
// review is a guarded PENDING -> APPROVED | REJECTED update (audited in the
// same transaction), so of concurrent reviews exactly one wins. An approval
// writes its job (risk_approval_job) in that transaction and runs it at once
// (approval-runner.ts); if the process dies first, the worker runs it.
import { GraphQLError } from "graphql";
import type { Identity } from "@benefits-hub/platform";
import type { RiskOutcome } from "@benefits-hub/platform/db/client";
import type { RiskApprovalRepository } from "../../data/risk-approval.repository";
import type { RiskAuditRepository } from "../../data/risk-audit.repository";
import type { RiskDecisionRepository } from "../../data/risk-decision.repository";
import type { RiskDecisionRow } from "../../data/risk.repository";
import { isUuid } from "../ids";
import type { ApprovalRunner } from "./approval-runner";
import { decodeCursor, pageOf, pageSize } from "./cursor";
import { asAdmin } from "./risk-admin.service";
import { riskError, type RiskError } from "./risk-errors";
import { isRiskAction, normaliseDeviceId } from "./risk-rules";

export interface RiskDecisionFilterInput {
  action?: string | null;
  outcome?: RiskOutcome | null;
  memberId?: string | null;
  deviceId?: string | null;
  since?: string | null;
  until?: string | null;
}

export interface ReviewInput {
  decisionId: string;
  approve: boolean;
  note?: string | null;
}

export interface ReviewPayload {
  decision: RiskDecisionRow | null;
  /** True when the approved request was carried out. */
  executed: boolean;
  message: string | null;
  errors: RiskError[];
}

export interface DecisionPage {
  decisions: RiskDecisionRow[];
  endCursor: string | null;
}

const MAX_PAGE = 200;
const MAX_NOTE = 1000;
const empty: DecisionPage = { decisions: [], endCursor: null };

export class RiskReviewService {
  constructor(
    private readonly decisions: RiskDecisionRepository,
    private readonly audit: RiskAuditRepository,
    private readonly jobs: RiskApprovalRepository,
    private readonly runner: ApprovalRunner,
    /** How long the approving request keeps its job before the worker may run it (ms). */
    private readonly leaseMs = 30_000,
  ) {}

  async decision(viewer: Identity, id: string): Promise<RiskDecisionRow | null> {
    const admin = asAdmin(viewer);
    return admin && isUuid(id) ? this.decisions.find(admin.tenantId, id) : null;
  }

  /** The tenant's decisions, newest first. */
  async search(
    viewer: Identity,
    args: { filter?: RiskDecisionFilterInput | null; first?: number | null; after?: string | null },
  ): Promise<DecisionPage> {
    const admin = asAdmin(viewer);
    if (!admin) return empty;
    const f = args.filter ?? {};
    const since = optionalDate(f.since, "since");
    const until = optionalDate(f.until, "until");
    if (f.memberId && !isUuid(f.memberId)) return empty;
    if (f.action && !isRiskAction(f.action)) return empty;
    const filter = { ...f, deviceId: normaliseDeviceId(f.deviceId), since, until };
    const size = pageSize(args.first, 50, MAX_PAGE);
    const rows = await this.decisions.search(admin.tenantId, filter, size + 1, decodeCursor(args.after));
    const { items, endCursor } = pageOf(rows, size);
    return { decisions: items, endCursor };
  }

  /** Decisions waiting for review, oldest first. */
  async queue(viewer: Identity, args: { first?: number | null; after?: string | null }): Promise<DecisionPage> {
    const admin = asAdmin(viewer);
    if (!admin) return empty;
    const size = pageSize(args.first, 50, MAX_PAGE);
    const rows = await this.decisions.pending(admin.tenantId, size + 1, decodeCursor(args.after));
    const { items, endCursor } = pageOf(rows, size);
    return { decisions: items, endCursor };
  }

  async review(viewer: Identity, input: ReviewInput): Promise<ReviewPayload> {
    const admin = asAdmin(viewer);
    const fail = (error: RiskError, decision: RiskDecisionRow | null = null): ReviewPayload => ({
      decision,
      executed: false,
      message: null,
      errors: [error],
    });
    if (!admin || !isUuid(input.decisionId)) return fail(riskError("NOT_FOUND", "no such risk decision"));
    const note = input.note?.trim() || null;
    if (note && note.length > MAX_NOTE) {
      return fail(riskError("INVALID_INPUT", `a note is at most ${MAX_NOTE} characters`, "note"));
    }
    const state = input.approve ? "APPROVED" : "REJECTED";
    const reviewed = await this.decisions.transaction(async (tx) => {
      const q = { tenantId: admin.tenantId, id: input.decisionId, state, reviewedBy: admin.memberId, note } as const;
      const row = await this.decisions.review(tx, q);
      if (row) {
        const action = input.approve ? "risk.decision_approved" : "risk.decision_rejected";
        await this.audit.record(tx, admin, {
          action,
          targetType: "risk_decision",
          targetId: row.id,
          details: { riskAction: row.action, memberId: row.memberId, note },
        });
        if (input.approve) {
          const job = { decisionId: row.id, tenantId: row.tenantId, action: row.action, approvedBy: admin.memberId };
          return { row, job: await this.jobs.enqueue(tx, job, new Date(Date.now() + this.leaseMs)) };
        }
      }
      return row ? { row, job: null } : null;
    });
    if (!reviewed) {
      const current = await this.decisions.find(admin.tenantId, input.decisionId);
      if (!current) return fail(riskError("NOT_FOUND", "no such risk decision"));
      const why =
        current.reviewState === "NONE" ? "was not sent to review" : `was already ${current.reviewState.toLowerCase()}`;
      return fail(riskError("INVALID_STATE", `this decision ${why}`), current);
    }
    if (!reviewed.job) return { decision: reviewed.row, executed: false, message: null, errors: [] };
    const result = await this.runner
      .run(reviewed.job)
      .catch((error: unknown) => this.runner.failed(reviewed.job!, error, new Date(Date.now() + 1_000)));
    return { decision: reviewed.row, executed: result.ok, message: result.message ?? null, errors: [] };
  }
}

function optionalDate(value: string | null | undefined, field: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError(`${field} must be an ISO date-time`, { extensions: { code: "BAD_USER_INPUT" } });
  }
  return date;
}
