// Membership's budgets as the entitlements service uses them: reserve on
// issue, commit on redeem, release on expire or revoke. Every call is
// idempotent on membership's side (reservation keys; settle-once guards).
import type { GraphClient } from "./graph.client";

export type ReserveOutcome =
  { ok: true; reservationId: string } | { ok: false; code: "INSUFFICIENT_BUDGET" | "INVALID_INPUT"; message: string };

export type SettleOutcome = { ok: true; state: string } | { ok: false; message: string };

interface BudgetError {
  code: string;
  message: string;
}

const RESERVE = `mutation ($input: ReserveBudgetInput!) {
  reserveBudget(input: $input) { reservation { id } errors { code message } }
}`;
const COMMIT = `mutation ($input: SettleBudgetReservationInput!) {
  commitBudgetReservation(input: $input) { reservation { id state } errors { code message } }
}`;
const RELEASE = `mutation ($input: SettleBudgetReservationInput!) {
  releaseBudgetReservation(input: $input) { reservation { id state } errors { code message } }
}`;

export interface ReserveRequest {
  tenantId: string;
  orgUnitId: string;
  period: string;
  amountFen: number;
  idempotencyKey: string;
  reference: string;
}

export class BudgetClient {
  constructor(private readonly membership: GraphClient) {}

  async reserve(r: ReserveRequest): Promise<ReserveOutcome> {
    const data = await this.membership.request<{
      reserveBudget: { reservation: { id: string } | null; errors: BudgetError[] };
    }>(RESERVE, { input: { ...r, amountFen: String(r.amountFen) } });
    const { reservation, errors } = data.reserveBudget;
    if (reservation && errors.length === 0) return { ok: true, reservationId: reservation.id };
    const first = errors[0];
    if (first?.code === "INSUFFICIENT_FUNDS") {
      return { ok: false, code: "INSUFFICIENT_BUDGET", message: "The campaign's budget cannot pay for this" };
    }
    return { ok: false, code: "INVALID_INPUT", message: `budget refused: ${first?.code ?? "unknown"}` };
  }

  /**
   * Commit or release the reservation, or only a part of it (`amountFen` under
   * its key; the rest stays held). Settled already counts as done (it settles once).
   */
  async settle(
    kind: "COMMIT" | "RELEASE",
    tenantId: string,
    reservationId: string,
    part?: { key: string; amountFen: number } | null,
  ): Promise<SettleOutcome> {
    const field = kind === "COMMIT" ? "commitBudgetReservation" : "releaseBudgetReservation";
    const input = {
      tenantId,
      reservationId,
      ...(part ? { partKey: part.key, amountFen: String(part.amountFen) } : {}),
    };
    const data = await this.membership.request<
      Record<string, { reservation: { state: string } | null; errors: BudgetError[] }>
    >(kind === "COMMIT" ? COMMIT : RELEASE, { input });
    const { reservation, errors } = data[field]!;
    if (errors.length === 0 || errors[0]?.code === "ALREADY_SETTLED") {
      return { ok: true, state: reservation?.state ?? "UNKNOWN" };
    }
    return { ok: false, message: errors.map((e) => e.code).join(", ") };
  }
}
