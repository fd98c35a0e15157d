// Budgets: the append-only ledger (the source of truth), the balance
// projection `budget_account` kept in step with it in the same transaction,
// and reservations. Every balance change is a guarded UPDATE, so no balance
// ever goes below zero whatever runs concurrently.
import type {
  PrismaClient,
  Prisma,
  BudgetAccount,
  BudgetLedgerEntry,
  BudgetReservation,
  BudgetEntryKind,
} from "@benefits-hub/platform/db/client";

export type Tx = Prisma.TransactionClient;
export type BudgetAccountRow = BudgetAccount;
export type BudgetLedgerEntryRow = BudgetLedgerEntry;
export type BudgetReservationRow = BudgetReservation;

export interface AccountKey {
  tenantId: string;
  orgUnitId: string;
  period: string;
}

export interface NewLedgerEntry extends AccountKey {
  /** Derived from an idempotency key for fund/allocate; drawn at random otherwise. */
  id?: string;
  kind: BudgetEntryKind;
  availableDeltaFen: bigint;
  reservedDeltaFen: bigint;
  committedDeltaFen: bigint;
  counterpartId?: string | null;
  reservationId?: string | null;
  actorId: string;
}

export interface NewReservation extends AccountKey {
  amountFen: bigint;
  idempotencyKey: string;
  reference: string;
}

/** Thrown by `post` (so the transaction rolls back) when a balance would go below zero. */
export class BalanceTooLow extends Error {
  constructor(readonly orgUnitId: string) {
    super(`balance of ${orgUnitId} too low`);
  }
}

export interface LedgerTotals {
  accountExists: boolean;
  account: { availableFen: bigint; reservedFen: bigint; committedFen: bigint };
  ledger: { availableFen: bigint; reservedFen: bigint; committedFen: bigint };
  entryCount: bigint;
  heldReservationsFen: bigint;
  committedReservationsFen: bigint;
  /** Over the tenant's whole period: both sides of every allocation, which must sum to zero. */
  allocationNetFen: bigint;
}

// Generous: under a burst, transactions queue for a pooled connection and for the account row.
const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

export class BudgetRepository {
  constructor(private readonly db: PrismaClient) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work, TX_OPTIONS);
  }

  /**
   * Appends `entries` to the ledger. False when their ids are already there
   * (a retry of an idempotent movement): nothing was appended, and the caller
   * must not apply them again.
   */
  async append(tx: Tx, entries: NewLedgerEntry[]): Promise<boolean> {
    const { count } = await tx.budgetLedgerEntry.createMany({ data: entries, skipDuplicates: true });
    if (count !== 0 && count !== entries.length) throw new Error("ledger entries of one movement were partly present");
    return count > 0;
  }

  /**
   * Applies appended entries to their accounts and returns the accounts after
   * the change, in entry order. Accounts are updated in org unit id order, so
   * two movements never wait on each other crosswise; call this last in the
   * transaction, so the account rows stay locked only briefly. Throws
   * BalanceTooLow, to roll the transaction back, if a balance would go below zero.
   */
  async apply(tx: Tx, entries: NewLedgerEntry[]): Promise<BudgetAccountRow[]> {
    // Only money coming in may meet a missing account; taking out of one fails the guard anyway.
    const credits = entries.filter(
      (e) => e.availableDeltaFen >= 0n && e.reservedDeltaFen >= 0n && e.committedDeltaFen >= 0n,
    );
    if (credits.length > 0) {
      await tx.budgetAccount.createMany({
        data: credits.map(({ tenantId, orgUnitId, period }) => ({ tenantId, orgUnitId, period })),
        skipDuplicates: true,
      });
    }
    const updated = new Map<NewLedgerEntry, BudgetAccountRow>();
    for (const entry of [...entries].sort((a, b) => (a.orgUnitId < b.orgUnitId ? -1 : 1))) {
      const account = await this.move(tx, entry);
      if (!account) throw new BalanceTooLow(entry.orgUnitId);
      updated.set(entry, account);
    }
    return entries.map((e) => updated.get(e)!);
  }

  /** The guarded update: applies the deltas only if no balance goes below zero. */
  private async move(tx: Tx, e: NewLedgerEntry): Promise<BudgetAccountRow | null> {
    const rows = await tx.$queryRaw<BudgetAccountRow[]>`
      UPDATE membership.budget_account
      SET available_fen = available_fen + ${e.availableDeltaFen}::bigint,
          reserved_fen = reserved_fen + ${e.reservedDeltaFen}::bigint,
          committed_fen = committed_fen + ${e.committedDeltaFen}::bigint,
          updated_at = now()
      WHERE tenant_id = ${e.tenantId}::uuid AND org_unit_id = ${e.orgUnitId}::uuid AND period = ${e.period}
        AND available_fen + ${e.availableDeltaFen}::bigint >= 0
        AND reserved_fen + ${e.reservedDeltaFen}::bigint >= 0
        AND committed_fen + ${e.committedDeltaFen}::bigint >= 0
      RETURNING tenant_id AS "tenantId", org_unit_id AS "orgUnitId", period,
        available_fen AS "availableFen", reserved_fen AS "reservedFen", committed_fen AS "committedFen",
        updated_at AS "updatedAt"`;
    return rows[0] ?? null;
  }

  /**
   * Serialises with org tree changes (which hold the same key exclusively, see
   * OrgUnitRepository.lockTree) for the rest of the transaction.
   */
  async shareTreeLock(tx: Tx, tenantId: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${`org-tree:${tenantId}`}, 0))`;
  }

  /** Inserts a HELD reservation; null when the tenant already used the key (nothing inserted). */
  async insertReservation(tx: Tx, r: NewReservation): Promise<BudgetReservationRow | null> {
    const rows = await tx.budgetReservation.createManyAndReturn({ data: [r], skipDuplicates: true });
    return rows[0] ?? null;
  }

  /** Moves a HELD reservation of the tenant to `state`; null when there is none (missing or settled). */
  async settleReservation(
    tx: Tx,
    tenantId: string,
    id: string,
    state: "COMMITTED" | "RELEASED",
  ): Promise<BudgetReservationRow | null> {
    const rows = await tx.budgetReservation.updateManyAndReturn({
      where: { id, tenantId, state: "HELD" },
      data: { state, settledAt: new Date() },
    });
    return rows[0] ?? null;
  }

  /** Inserts a settled part of `parent` as a reservation of its own; null when its key was used (nothing inserted). */
  async insertPart(
    tx: Tx,
    parent: BudgetReservationRow,
    part: { idempotencyKey: string; amountFen: bigint; state: "COMMITTED" | "RELEASED" },
  ): Promise<BudgetReservationRow | null> {
    const rows = await tx.budgetReservation.createManyAndReturn({
      data: [
        {
          tenantId: parent.tenantId,
          orgUnitId: parent.orgUnitId,
          period: parent.period,
          reference: parent.reference,
          ...part,
          settledAt: new Date(),
        },
      ],
      skipDuplicates: true,
    });
    return rows[0] ?? null;
  }

  /** Takes `amount` off a HELD reservation, never below zero (at zero it is RELEASED); false when it could not. */
  async takeFromHeld(tx: Tx, tenantId: string, id: string, amount: bigint): Promise<boolean> {
    const count = await tx.$executeRaw`
      UPDATE membership.budget_reservation
      SET amount_fen = amount_fen - ${amount}::bigint,
          state = CASE WHEN amount_fen = ${amount}::bigint THEN 'RELEASED'::membership."ReservationState" ELSE state END,
          settled_at = CASE WHEN amount_fen = ${amount}::bigint THEN now() ELSE settled_at END
      WHERE id = ${id}::uuid AND tenant_id = ${tenantId}::uuid AND state = 'HELD' AND amount_fen >= ${amount}::bigint`;
    return count === 1;
  }

  /** Inside a transaction, pass it: a second connection would wait for it on the embedded database (one session). */
  findReservation(tenantId: string, id: string, tx: Tx = this.db): Promise<BudgetReservationRow | null> {
    return tx.budgetReservation.findFirst({ where: { id, tenantId } });
  }

  findReservationByKey(tenantId: string, idempotencyKey: string): Promise<BudgetReservationRow | null> {
    return this.db.budgetReservation.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey } } });
  }

  findEntry(tenantId: string, id: string): Promise<BudgetLedgerEntryRow | null> {
    return this.db.budgetLedgerEntry.findFirst({ where: { id, tenantId } });
  }

  findAccount(key: AccountKey): Promise<BudgetAccountRow | null> {
    return this.db.budgetAccount.findUnique({ where: { tenantId_orgUnitId_period: key } });
  }

  findAccounts(tenantId: string, period: string, orgUnitIds: string[]): Promise<BudgetAccountRow[]> {
    return this.db.budgetAccount.findMany({ where: { tenantId, period, orgUnitId: { in: orgUnitIds } } });
  }

  /** Newest first, `take` entries with seq below `beforeSeq`. */
  ledgerPage(key: AccountKey, take: number, beforeSeq: bigint | null): Promise<BudgetLedgerEntryRow[]> {
    return this.db.budgetLedgerEntry.findMany({
      where: { ...key, ...(beforeSeq !== null ? { seq: { lt: beforeSeq } } : {}) },
      orderBy: { seq: "desc" },
      take,
    });
  }

  /** Everything the ledger check compares, read in one statement (so from one snapshot). */
  async totals({ tenantId, orgUnitId, period }: AccountKey): Promise<LedgerTotals> {
    const [row] = await this.db.$queryRaw<
      {
        account_exists: boolean;
        account_available: bigint;
        account_reserved: bigint;
        account_committed: bigint;
        ledger_available: bigint;
        ledger_reserved: bigint;
        ledger_committed: bigint;
        entry_count: bigint;
        held_fen: bigint;
        committed_fen: bigint;
        allocation_net: bigint;
      }[]
    >`
      WITH account AS (
        SELECT available_fen, reserved_fen, committed_fen FROM membership.budget_account
        WHERE tenant_id = ${tenantId}::uuid AND org_unit_id = ${orgUnitId}::uuid AND period = ${period}
      ), ledger AS (
        SELECT COALESCE(SUM(available_delta_fen), 0)::bigint AS available,
               COALESCE(SUM(reserved_delta_fen), 0)::bigint AS reserved,
               COALESCE(SUM(committed_delta_fen), 0)::bigint AS committed,
               COUNT(*)::bigint AS entries
        FROM membership.budget_ledger_entry
        WHERE tenant_id = ${tenantId}::uuid AND org_unit_id = ${orgUnitId}::uuid AND period = ${period}
      ), reservations AS (
        SELECT COALESCE(SUM(amount_fen) FILTER (WHERE state = 'HELD'), 0)::bigint AS held,
               COALESCE(SUM(amount_fen) FILTER (WHERE state = 'COMMITTED'), 0)::bigint AS committed
        FROM membership.budget_reservation
        WHERE tenant_id = ${tenantId}::uuid AND org_unit_id = ${orgUnitId}::uuid AND period = ${period}
      ), allocations AS (
        SELECT COALESCE(SUM(available_delta_fen), 0)::bigint AS net
        FROM membership.budget_ledger_entry
        WHERE tenant_id = ${tenantId}::uuid AND period = ${period} AND kind = 'ALLOCATION'
      )
      SELECT EXISTS (SELECT 1 FROM account) AS account_exists,
             COALESCE((SELECT available_fen FROM account), 0)::bigint AS account_available,
             COALESCE((SELECT reserved_fen FROM account), 0)::bigint AS account_reserved,
             COALESCE((SELECT committed_fen FROM account), 0)::bigint AS account_committed,
             ledger.available AS ledger_available, ledger.reserved AS ledger_reserved,
             ledger.committed AS ledger_committed, ledger.entries AS entry_count,
             reservations.held AS held_fen, reservations.committed AS committed_fen,
             allocations.net AS allocation_net
      FROM ledger, reservations, allocations`;
    return {
      accountExists: row!.account_exists,
      account: {
        availableFen: row!.account_available,
        reservedFen: row!.account_reserved,
        committedFen: row!.account_committed,
      },
      ledger: {
        availableFen: row!.ledger_available,
        reservedFen: row!.ledger_reserved,
        committedFen: row!.ledger_committed,
      },
      entryCount: row!.entry_count,
      heldReservationsFen: row!.held_fen,
      committedReservationsFen: row!.committed_fen,
      allocationNetFen: row!.allocation_net,
    };
  }
}
