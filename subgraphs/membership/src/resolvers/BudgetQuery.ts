import type { MembershipContext } from "../context";

interface AccountArgs {
  orgUnitId: string;
  period: string;
  tenantId?: string | null;
}

export const BudgetQuery = {
  budgetAccount: (_: unknown, args: AccountArgs, ctx: MembershipContext) =>
    ctx.services.budgets.account(ctx.viewer, args.orgUnitId, args.period, args.tenantId),
  budgetLedger: (_: unknown, args: AccountArgs & { first?: number; after?: string }, ctx: MembershipContext) =>
    ctx.services.budgets.ledger(ctx.viewer, args),
  budgetLedgerCheck: (_: unknown, args: AccountArgs, ctx: MembershipContext) =>
    ctx.services.budgets.check(ctx.viewer, args.orgUnitId, args.period),
};
