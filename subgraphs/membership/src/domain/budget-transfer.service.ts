// Moving budget into and down the org tree: a tenant funds its root unit; a
// parent allocates to a direct child, never beyond what it holds. Each is one
// transaction of ledger entries, guarded balance updates and an audit entry.
// Idempotency: the entries' ids derive from (tenant, key, index), so a retry
// finds them already in the ledger and moves nothing.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { AuditRepository } from "../data/audit.repository";
import type {
  BudgetAccountRow,
  BudgetLedgerEntryRow,
  BudgetRepository,
  NewLedgerEntry,
  Tx,
} from "../data/budget.repository";
import type { OrgUnitRepository, OrgUnitRow } from "../data/org-unit.repository";
import { auditActor } from "./audit";
import { ledgerEntryIdFor } from "./budget-ids";
import {
  actorOf,
  budgetError,
  BudgetRefusal,
  checkAmount,
  checkKey,
  checkPeriod,
  deltasOf,
  firstError,
  negate,
  unitNotFound,
  type BudgetError,
} from "./budget-rules";
import { inBudgetTransaction } from "./budget-transaction";
import { isUuid } from "./ids";
import type { MembershipEvents } from "./membership-events";
import { canManageUnit } from "./org-scope";

export interface FundInput {
  orgUnitId: string;
  period: string;
  amountFen: bigint;
  idempotencyKey: string;
}

export interface AllocateInput {
  fromOrgUnitId: string;
  toOrgUnitId: string;
  period: string;
  amountFen: bigint;
  idempotencyKey: string;
}

export type FundResult = { account: BudgetAccountRow; errors: [] } | { account: null; errors: [BudgetError] };
export type AllocateResult =
  { from: BudgetAccountRow; to: BudgetAccountRow; errors: [] } | { from: null; to: null; errors: [BudgetError] };

export class BudgetTransferService {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly units: OrgUnitRepository,
    private readonly audit: AuditRepository,
    private readonly events: MembershipEvents,
  ) {}

  /** A tenant admin puts money into a root unit of their tenant. */
  async fund(viewer: Identity, asked: FundInput): Promise<FundResult> {
    const input = { ...asked, orgUnitId: asked.orgUnitId.toLowerCase() };
    const refuse = (error: BudgetError): FundResult => ({ account: null, errors: [error] });
    if (viewer.kind !== "member" || viewer.role !== "TENANT_ADMIN") return refuse(unitNotFound());
    const invalid = firstError(checkPeriod(input.period), checkAmount(input.amountFen), checkKey(input.idempotencyKey));
    if (invalid) return refuse(invalid);
    if (!isUuid(input.orgUnitId)) return refuse(unitNotFound());
    const tenantId = viewer.tenantId;
    const entry: NewLedgerEntry = {
      id: ledgerEntryIdFor(tenantId, input.idempotencyKey, 0),
      tenantId,
      orgUnitId: input.orgUnitId,
      period: input.period,
      kind: "FUNDING",
      ...deltasOf("FUNDING", input.amountFen),
      actorId: actorOf(viewer).ledgerId,
    };
    const outcome = await inBudgetTransaction(this.budgets, async (tx) => {
      // The key first: a retry stops here, before any check, and answers with the first result.
      if (!(await this.budgets.append(tx, [entry]))) return null;
      const unit = await this.unitIn(tx, viewer, input.orgUnitId);
      if (unit.parentId)
        throw new BudgetRefusal(budgetError("NOT_ROOT", "Only a root unit is funded; allocate below it"));
      if (unit.archivedAt) throw new BudgetRefusal(budgetError("ARCHIVED", "The unit is archived"));
      await this.audit.record(tx, {
        tenantId,
        ...auditActor(viewer),
        action: "budget.fund",
        targetType: "BudgetAccount",
        targetId: unit.id,
        details: { period: input.period, amountFen: String(input.amountFen), idempotencyKey: input.idempotencyKey },
      });
      await this.events.budgetMoved(tx, {
        kind: "FUNDING",
        tenantId,
        unit,
        period: input.period,
        amountFen: input.amountFen,
      });
      const [account] = await this.budgets.apply(tx, [entry]);
      return account!;
    });
    if (!outcome.ok) return refuse(outcome.error);
    if (outcome.value) {
      this.events.wake();
      return { account: outcome.value, errors: [] };
    }
    // A retry: answer with the account as it is now, if the key was used for this same funding.
    if (!(await this.sameMovement(tenantId, entry))) return refuse(keyReused());
    const account = await this.budgets.findAccount({ tenantId, orgUnitId: entry.orgUnitId, period: entry.period });
    return { account: account!, errors: [] };
  }

  /**
   * A parent unit gives part of what it holds to a direct child. Tenant admins
   * anywhere in their tenant; unit managers when both units are in their subtree.
   */
  async allocate(viewer: Identity, asked: AllocateInput): Promise<AllocateResult> {
    const input = {
      ...asked,
      fromOrgUnitId: asked.fromOrgUnitId.toLowerCase(),
      toOrgUnitId: asked.toOrgUnitId.toLowerCase(),
    };
    const refuse = (error: BudgetError): AllocateResult => ({ from: null, to: null, errors: [error] });
    if (viewer.kind !== "member") return refuse(unitNotFound());
    const invalid = firstError(checkPeriod(input.period), checkAmount(input.amountFen), checkKey(input.idempotencyKey));
    if (invalid) return refuse(invalid);
    if (!isUuid(input.fromOrgUnitId) || !isUuid(input.toOrgUnitId)) return refuse(unitNotFound());
    const tenantId = viewer.tenantId;
    const common = { tenantId, period: input.period, kind: "ALLOCATION" as const, actorId: actorOf(viewer).ledgerId };
    const credit = deltasOf("ALLOCATION", input.amountFen);
    const entries: NewLedgerEntry[] = [
      {
        ...common,
        id: ledgerEntryIdFor(tenantId, input.idempotencyKey, 0),
        orgUnitId: input.fromOrgUnitId,
        counterpartId: input.toOrgUnitId,
        ...negate(credit),
      },
      {
        ...common,
        id: ledgerEntryIdFor(tenantId, input.idempotencyKey, 1),
        orgUnitId: input.toOrgUnitId,
        counterpartId: input.fromOrgUnitId,
        ...credit,
      },
    ];
    const outcome = await inBudgetTransaction(this.budgets, async (tx) => {
      // The tree must not change under the checks below until this commits.
      await this.budgets.shareTreeLock(tx, tenantId);
      const from = await this.unitIn(tx, viewer, input.fromOrgUnitId);
      const to = await this.unitIn(tx, viewer, input.toOrgUnitId);
      if (!canManageUnit(viewer, from) || !canManageUnit(viewer, to)) {
        throw new BudgetRefusal(budgetError("FORBIDDEN_UNIT", "Both units must be in the part of the tree you manage"));
      }
      // Then the key: a retry stops here and answers with the first result.
      if (!(await this.budgets.append(tx, entries))) return null;
      if (to.parentId !== from.id) {
        throw new BudgetRefusal(budgetError("NOT_A_CHILD", "Budget is allocated from a unit to a direct child"));
      }
      if (from.archivedAt || to.archivedAt) throw new BudgetRefusal(budgetError("ARCHIVED", "The unit is archived"));
      await this.audit.record(tx, {
        tenantId,
        ...auditActor(viewer),
        action: "budget.allocate",
        targetType: "BudgetAccount",
        targetId: to.id,
        details: {
          period: input.period,
          amountFen: String(input.amountFen),
          fromOrgUnitId: from.id,
          toOrgUnitId: to.id,
          idempotencyKey: input.idempotencyKey,
        },
      });
      await this.events.budgetMoved(tx, {
        kind: "ALLOCATION",
        tenantId,
        unit: to,
        fromOrgUnitId: from.id,
        period: input.period,
        amountFen: input.amountFen,
      });
      return this.budgets.apply(tx, entries);
    });
    if (!outcome.ok) return refuse(outcome.error);
    if (outcome.value) {
      this.events.wake();
      return { from: outcome.value[0]!, to: outcome.value[1]!, errors: [] };
    }
    if (!(await this.sameMovement(tenantId, entries[0]!))) return refuse(keyReused());
    const accounts = await this.budgets.findAccounts(tenantId, input.period, [input.fromOrgUnitId, input.toOrgUnitId]);
    const byUnit = (id: string) => accounts.find((a) => a.orgUnitId === id)!;
    return { from: byUnit(input.fromOrgUnitId), to: byUnit(input.toOrgUnitId), errors: [] };
  }

  /** A unit of the viewer's tenant, read in the transaction; another tenant's is NOT_FOUND. */
  private async unitIn(tx: Tx, viewer: MemberIdentity, id: string): Promise<OrgUnitRow> {
    const unit = await this.units.findInTx(tx, viewer.tenantId, id);
    if (!unit) throw new BudgetRefusal(unitNotFound());
    return unit;
  }

  /** Whether the entry already in the ledger under this id is the movement now asked for. */
  private async sameMovement(tenantId: string, expected: NewLedgerEntry): Promise<boolean> {
    const found: BudgetLedgerEntryRow | null = await this.budgets.findEntry(tenantId, expected.id!);
    return (
      !!found &&
      found.kind === expected.kind &&
      found.orgUnitId === expected.orgUnitId &&
      found.period === expected.period &&
      found.availableDeltaFen === expected.availableDeltaFen &&
      (found.counterpartId ?? null) === (expected.counterpartId ?? null)
    );
  }
}

const keyReused = () =>
  budgetError("IDEMPOTENCY_CONFLICT", "This idempotency key was already used for a different budget movement");
