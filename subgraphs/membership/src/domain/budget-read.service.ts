// Reading budgets: a unit's balances, its ledger, and the ledger check that
// recomputes the balances from the ledger and compares them with the projection.
import type { Identity } from "@benefits-hub/platform";
import type { BudgetAccountRow, BudgetLedgerEntryRow, BudgetRepository } from "../data/budget.repository";
import type { OrgUnitRow } from "../data/org-unit.repository";
import type { MembershipLoaders } from "../loaders";
import { decodeLedgerCursor, encodeLedgerCursor } from "./budget-ids";
import { actingTenant, checkPeriod } from "./budget-rules";
import { isUuid } from "./ids";
import { canManageUnit } from "./org-scope";

/** An account as shown: a unit that never held budget in a period shows zeros. */
export type BudgetAccountView = Pick<
  BudgetAccountRow,
  "tenantId" | "orgUnitId" | "period" | "availableFen" | "reservedFen" | "committedFen"
>;

export interface LedgerPage {
  entries: BudgetLedgerEntryRow[];
  nextCursor: string | null;
}

interface Balances {
  availableFen: bigint;
  reservedFen: bigint;
  committedFen: bigint;
}

export interface LedgerCheck {
  orgUnitId: string;
  period: string;
  balanced: boolean;
  account: Balances;
  ledger: Balances;
  entryCount: number;
  problems: string[];
}

const MAX_PAGE = 200;

export class BudgetReadService {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly loaders: MembershipLoaders,
  ) {}

  async account(
    viewer: Identity,
    orgUnitId: string,
    period: string,
    tenantId?: string | null,
  ): Promise<BudgetAccountView | null> {
    const unit = await this.visibleUnit(viewer, orgUnitId, period, tenantId);
    if (!unit) return null;
    const key = { tenantId: unit.tenantId, orgUnitId: unit.id, period };
    return (await this.budgets.findAccount(key)) ?? { ...key, availableFen: 0n, reservedFen: 0n, committedFen: 0n };
  }

  async ledger(
    viewer: Identity,
    args: { orgUnitId: string; period: string; first?: number | null; after?: string | null; tenantId?: string | null },
  ): Promise<LedgerPage | null> {
    const unit = await this.visibleUnit(viewer, args.orgUnitId, args.period, args.tenantId);
    if (!unit) return null;
    const size = Math.min(Math.max(args.first ?? 50, 1), MAX_PAGE);
    const key = { tenantId: unit.tenantId, orgUnitId: unit.id, period: args.period };
    const rows = await this.budgets.ledgerPage(key, size + 1, decodeLedgerCursor(args.after));
    const entries = rows.slice(0, size);
    const last = entries.at(-1);
    return { entries, nextCursor: rows.length > size && last ? encodeLedgerCursor(last.seq) : null };
  }

  /** Recomputes a unit's balances from the ledger and checks them against the projection and the reservations. */
  async check(viewer: Identity, orgUnitId: string, period: string): Promise<LedgerCheck | null> {
    if (viewer.kind !== "member" || viewer.role !== "TENANT_ADMIN") return null;
    const unit = await this.visibleUnit(viewer, orgUnitId, period, null);
    if (!unit) return null;
    const t = await this.budgets.totals({ tenantId: unit.tenantId, orgUnitId: unit.id, period });
    const problems: string[] = [];
    for (const column of ["availableFen", "reservedFen", "committedFen"] as const) {
      if (t.account[column] !== t.ledger[column]) {
        problems.push(`${column}: account ${t.account[column]} but ledger ${t.ledger[column]}`);
      }
      if (t.ledger[column] < 0n) problems.push(`${column} is negative in the ledger`);
    }
    if (!t.accountExists && t.entryCount > 0n) problems.push("ledger entries but no account");
    if (t.ledger.reservedFen !== t.heldReservationsFen) {
      problems.push(`reserved ${t.ledger.reservedFen} but held reservations total ${t.heldReservationsFen}`);
    }
    if (t.ledger.committedFen !== t.committedReservationsFen) {
      problems.push(
        `committed ${t.ledger.committedFen} but committed reservations total ${t.committedReservationsFen}`,
      );
    }
    if (t.allocationNetFen !== 0n) problems.push(`allocations in ${period} net to ${t.allocationNetFen}, not 0`);
    return {
      orgUnitId: unit.id,
      period,
      balanced: problems.length === 0,
      account: t.account,
      ledger: t.ledger,
      entryCount: Number(t.entryCount),
      problems,
    };
  }

  /**
   * The unit, if the viewer may see its budget: a service in the tenant it
   * names, a tenant admin in their tenant, a unit manager in their subtree.
   */
  private async visibleUnit(
    viewer: Identity,
    orgUnitId: string,
    period: string,
    tenantIdArg: string | null | undefined,
  ): Promise<OrgUnitRow | null> {
    const tenantId = actingTenant(viewer, tenantIdArg);
    if (!tenantId || !isUuid(orgUnitId) || checkPeriod(period)) return null;
    const unit = await this.loaders.orgUnitById.load(orgUnitId.toLowerCase());
    if (!unit || unit.tenantId !== tenantId) return null;
    return viewer.kind === "service" || canManageUnit(viewer, unit) ? unit : null;
  }
}
