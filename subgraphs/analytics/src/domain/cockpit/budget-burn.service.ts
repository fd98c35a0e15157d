// Budget burn: an org unit's budget for one period (a month, YYYY-MM, as
// membership names periods) from the ledger's events, and how fast it was
// committed against how much of the period had gone by.
import type { Identity } from "@benefits-hub/platform";
import type { BudgetDayRow, CockpitBudgetRepository, OrgUnitRow } from "../../data/cockpit/budget.repository";
import { daysInclusive, eachDay, periodBounds, shanghaiToday } from "./dates";
import { invalidInput, isUuid } from "./errors";
import { isEmptyScope, resolveScope, type CockpitScope } from "./scope";

export interface BudgetBurnPoint {
  day: string;
  committed: bigint;
  cumulativeCommitted: bigint;
  burnRatio: number;
  elapsedRatio: number;
}

export interface BudgetBurn {
  orgUnitId: string;
  orgUnitName: string;
  period: string;
  allocated: bigint;
  allocatedOut: bigint;
  reserved: bigint;
  committed: bigint;
  released: bigint;
  remaining: bigint;
  burn: BudgetBurnPoint[];
}

const sum = (rows: BudgetDayRow[], pick: (r: BudgetDayRow) => bigint) => rows.reduce((a, r) => a + pick(r), 0n);

/**
 * One unit's figures. remaining = allocated - allocatedOut - reserved + released:
 * what is neither passed on, nor committed, nor still held by a reservation.
 * The burn runs from the period's first day through its last (or today, or the
 * last movement after its end); movements before the first day count in the first point.
 */
export function burnOf(unit: OrgUnitRow, period: string, rows: BudgetDayRow[], today: string): BudgetBurn {
  const bounds = periodBounds(period)!;
  const allocated = sum(rows, (r) => r.fundedFen + r.allocatedInFen);
  const allocatedOut = sum(rows, (r) => r.allocatedOutFen);
  const reserved = sum(rows, (r) => r.reservedFen);
  const committed = sum(rows, (r) => r.committedFen);
  const released = sum(rows, (r) => r.releasedFen);
  const lastMovement = rows.reduce((last, r) => (r.day > last ? r.day : last), "");
  const end = [today < bounds.to ? today : bounds.to, lastMovement].reduce((a, b) => (b > a ? b : a));
  const byDay = new Map<string, bigint>();
  for (const r of rows) byDay.set(r.day, (byDay.get(r.day) ?? 0n) + r.committedFen);
  let cumulative = sum(
    rows.filter((r) => r.day < bounds.from),
    (r) => r.committedFen,
  );
  const length = daysInclusive(bounds.from, bounds.to);
  const burn =
    end >= bounds.from
      ? eachDay(bounds.from, end).map((day, index) => {
          const onDay = byDay.get(day) ?? 0n;
          cumulative += onDay;
          return {
            day,
            committed: onDay,
            cumulativeCommitted: cumulative,
            burnRatio: allocated > 0n ? Number(cumulative) / Number(allocated) : 0,
            elapsedRatio: Math.min(1, (index + 1) / length),
          };
        })
      : [];
  return {
    orgUnitId: unit.orgUnitId,
    orgUnitName: unit.name,
    period,
    allocated,
    allocatedOut,
    reserved,
    committed,
    released,
    remaining: allocated - allocatedOut - reserved + released,
    burn,
  };
}

export class BudgetBurnService {
  constructor(private readonly budgets: CockpitBudgetRepository) {}

  /** The unit given (else the viewer's scope root) and its children, for one period. */
  async burn(viewer: Identity, period: string, orgUnitId?: string | null): Promise<BudgetBurn[]> {
    if (!periodBounds(period)) invalidInput("period", "a month written YYYY-MM, as budget periods are named");
    if (orgUnitId != null && !isUuid(orgUnitId)) invalidInput("orgUnitId", "an org unit id");
    const scope = resolveScope(viewer);
    if (isEmptyScope(scope) || viewer.kind !== "member") return [];
    const tops = await this.topUnits(viewer.tenantId, scope, orgUnitId?.toLowerCase() ?? null);
    const units: OrgUnitRow[] = [];
    for (const top of tops) units.push(top, ...(await this.budgets.children(top.tenantId, top.orgUnitId)));
    if (units.length === 0) return [];
    const tenantId = units[0]!.tenantId;
    const rows = await this.budgets.days(
      tenantId,
      period,
      units.map((u) => u.orgUnitId),
      scope,
    );
    const today = shanghaiToday();
    return units.map((unit) =>
      burnOf(
        unit,
        period,
        rows.filter((r) => r.orgUnitId === unit.orgUnitId),
        today,
      ),
    );
  }

  private async topUnits(viewerTenantId: string, scope: CockpitScope, orgUnitId: string | null): Promise<OrgUnitRow[]> {
    if (orgUnitId) {
      const unit = await this.budgets.unitInScope(orgUnitId, scope);
      return unit ? [unit] : [];
    }
    if (scope.subtreeOf) {
      const own = await this.budgets.unitInScope(scope.subtreeOf, scope);
      return own ? [own] : [];
    }
    return this.budgets.roots(viewerTenantId);
  }
}
