import type { MembershipContext } from "../context";
import type { AllocateInput, FundInput } from "../domain/budget-transfer.service";
import type { ReserveInput, SettleInput } from "../domain/budget-spend.service";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

type Input<T> = { input: T };

export const BudgetMutation = {
  fundBudget: (_: unknown, { input }: Input<FundInput>, ctx: MembershipContext) =>
    ctx.services.budgetTransfers.fund(ctx.viewer, input),
  allocateBudget: (_: unknown, { input }: Input<AllocateInput>, ctx: MembershipContext) =>
    ctx.services.budgetTransfers.allocate(ctx.viewer, input),
  reserveBudget: (_: unknown, { input }: Input<ReserveInput>, ctx: MembershipContext) =>
    ctx.services.budgetSpending.reserve(ctx.viewer, input),
  commitBudgetReservation: keyedMutation(shapes.reservation, ({ input }: Input<SettleInput>, ctx: MembershipContext) =>
    ctx.services.budgetSpending.commit(ctx.viewer, input),
  ),
  releaseBudgetReservation: keyedMutation(shapes.reservation, ({ input }: Input<SettleInput>, ctx: MembershipContext) =>
    ctx.services.budgetSpending.release(ctx.viewer, input),
  ),
};
