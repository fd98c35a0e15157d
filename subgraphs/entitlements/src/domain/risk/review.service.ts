// Tenant admins read stored risk decisions and work the review queue. A
// review is a guarded PENDING -> APPROVED | REJECTED update (audited in the
// same transaction), so of concurrent reviews exactly one wins; an approval
// then runs the action's registered handler once, as the member.
import { GraphQLError } from "graphql";
import type { Identity } from "@benefits-hub/platform";
import type { RiskOutcome } from "@benefits-hub/platform/db/client";
import type { RiskAuditRepository } from "../../data/risk-audit.repository";
import type { RiskDecisionRepository } from "../../data/risk-decision.repository";
import type { RiskDecisionRow } from "../../data/risk.repository";
import { isUuid } from "../ids";
import { decodeCursor, pageOf, pageSize } from "./cursor";
import { asAdmin } from "./risk-admin.service";
import { riskError, type RiskError } from "./risk-errors";
import { isRiskAction, normaliseDeviceId } from "./risk-rules";
import type { RiskService } from "./risk.service";

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
    private readonly risk: RiskService,
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
      }
      return row;
    });
    if (!reviewed) {
      const current = await this.decisions.find(admin.tenantId, input.decisionId);
      if (!current) return fail(riskError("NOT_FOUND", "no such risk decision"));
      const why =
        current.reviewState === "NONE" ? "was not sent to review" : `was already ${current.reviewState.toLowerCase()}`;
      return fail(riskError("INVALID_STATE", `this decision ${why}`), current);
    }
    if (!input.approve) return { decision: reviewed, executed: false, message: null, errors: [] };
    const result = await this.carryOut(reviewed);
    await this.decisions.transaction((tx) =>
      this.audit.record(tx, admin, {
        action: "risk.approval_executed",
        targetType: "risk_decision",
        targetId: reviewed.id,
        details: { riskAction: reviewed.action, ok: result.ok, message: result.message ?? null },
      }),
    );
    return { decision: reviewed, executed: result.ok, message: result.message ?? null, errors: [] };
  }

  /** Runs the action's handler on the held request; a missing or failing handler is reported, not thrown. */
  private async carryOut(decision: RiskDecisionRow): Promise<{ ok: boolean; message?: string }> {
    const handler = this.risk.approvalHandler(decision.action);
    if (!handler) return { ok: false, message: `nothing carries out an approved ${decision.action.toLowerCase()}` };
    const request = isRecord(decision.request) ? decision.request : {};
    try {
      return await handler({ id: decision.id, tenantId: decision.tenantId, memberId: decision.memberId, request });
    } catch (error) {
      return { ok: false, message: `the approved request failed: ${error instanceof Error ? error.message : "error"}` };
    }
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
