// Seed builders: each call creates one row with sensible defaults and returns
// it, so a test states only what it cares about. Used by tests and the demo seed.
import { randomUUID } from "node:crypto";
import { hashPassword } from "@benefits-hub/platform";
import type { PrismaClient, FulfilmentKind, MemberRole, EntitlementState } from "@benefits-hub/platform/db/client";

const unique = () => randomUUID().slice(0, 8);

// Hashing with production parameters costs ~100 ms; seeds reuse one hash per password.
const hashes = new Map<string, Promise<string>>();
const hashOnce = (password: string) => {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
};

export class SeedBuilder {
  constructor(readonly db: PrismaClient) {}

  tenant(input: { slug?: string; name?: string } = {}) {
    const slug = input.slug ?? `tenant-${unique()}`;
    return this.db.tenant.create({ data: { slug, name: input.name ?? `Tenant ${slug}` } });
  }

  /** An org unit under `parentId`, or the tenant's root when there is none. */
  async orgUnit(input: { tenantId: string; parentId?: string; name?: string }) {
    const parent = input.parentId ? await this.db.orgUnit.findUniqueOrThrow({ where: { id: input.parentId } }) : null;
    const id = randomUUID();
    return this.db.orgUnit.create({
      data: {
        id,
        tenantId: input.tenantId,
        parentId: parent?.id ?? null,
        name: input.name ?? `Unit ${id.slice(0, 8)}`,
        path: [...(parent?.path ?? []), id],
        depth: parent ? parent.depth + 1 : 0,
      },
    });
  }

  /** The tenant's root unit, made on first use. */
  async rootUnit(tenantId: string) {
    const root = await this.db.orgUnit.findFirst({ where: { tenantId, parentId: null } });
    return root ?? this.orgUnit({ tenantId, name: "Headquarters" });
  }

  async member(input: {
    tenantId: string;
    orgUnitId?: string;
    email?: string;
    displayName?: string;
    role?: MemberRole;
    tier?: string;
    password?: string;
  }) {
    const email = (input.email ?? `member-${unique()}@example.test`).toLowerCase();
    const orgUnitId = input.orgUnitId ?? (await this.rootUnit(input.tenantId)).id;
    return this.db.member.create({
      data: {
        tenantId: input.tenantId,
        orgUnitId,
        email,
        displayName: input.displayName ?? email.split("@")[0]!,
        role: input.role ?? "MEMBER",
        tier: input.tier ?? "standard",
        passwordHash: input.password ? await hashOnce(input.password) : null,
      },
    });
  }

  benefit(
    input: {
      slug?: string;
      name?: string;
      description?: string;
      category?: string;
      fulfilmentKind?: FulfilmentKind;
      faceValueFen?: number;
    } = {},
  ) {
    const slug = input.slug ?? `benefit-${unique()}`;
    return this.db.benefit.create({
      data: {
        slug,
        name: input.name ?? `Benefit ${slug}`,
        description: input.description ?? "",
        category: input.category ?? "dining",
        fulfilmentKind: input.fulfilmentKind ?? "CARD_CODE",
        faceValueFen: input.faceValueFen ?? 3000,
      },
    });
  }

  /** An entitlement; a redeemed one also gets its outbox event, as the service would write it. */
  entitlement(input: { tenantId: string; memberId: string; benefitId: string; state?: EntitlementState }) {
    const state = input.state ?? "ISSUED";
    const redeemedAt = state === "REDEEMED" ? new Date() : null;
    return this.db.$transaction(async (tx) => {
      const row = await tx.entitlement.create({
        data: { tenantId: input.tenantId, memberId: input.memberId, benefitId: input.benefitId, state, redeemedAt },
      });
      if (redeemedAt) {
        await tx.entitlementEvent.create({
          data: {
            tenantId: row.tenantId,
            entitlementId: row.id,
            type: "entitlement.redeemed",
            payload: { memberId: row.memberId, benefitId: row.benefitId, redeemedAt: redeemedAt.toISOString() },
          },
        });
      }
      return row;
    });
  }

  /**
   * Budget in a unit for a period, as funding puts it there: a FUNDING ledger
   * entry and the account it moves, in one transaction (the ledger stays balanced).
   */
  fundBudget(input: { tenantId: string; orgUnitId: string; period: string; amountFen: bigint }) {
    const key = { tenantId: input.tenantId, orgUnitId: input.orgUnitId, period: input.period };
    return this.db.$transaction(async (tx) => {
      await tx.budgetLedgerEntry.create({
        data: { ...key, kind: "FUNDING", availableDeltaFen: input.amountFen, actorId: "seed" },
      });
      return tx.budgetAccount.upsert({
        where: { tenantId_orgUnitId_period: key },
        create: { ...key, availableFen: input.amountFen },
        update: { availableFen: { increment: input.amountFen } },
      });
    });
  }

  /** Moves budget from a unit to its child: one ledger entry on each side, both accounts in step. */
  allocateBudget(input: { tenantId: string; fromId: string; toId: string; period: string; amountFen: bigint }) {
    const { tenantId, period, amountFen } = input;
    return this.db.$transaction(async (tx) => {
      await tx.budgetLedgerEntry.createMany({
        data: [
          {
            tenantId,
            orgUnitId: input.fromId,
            period,
            kind: "ALLOCATION",
            availableDeltaFen: -amountFen,
            counterpartId: input.toId,
            actorId: "seed",
          },
          {
            tenantId,
            orgUnitId: input.toId,
            period,
            kind: "ALLOCATION",
            availableDeltaFen: amountFen,
            counterpartId: input.fromId,
            actorId: "seed",
          },
        ],
      });
      await tx.budgetAccount.update({
        where: { tenantId_orgUnitId_period: { tenantId, orgUnitId: input.fromId, period } },
        data: { availableFen: { decrement: amountFen } },
      });
      return tx.budgetAccount.upsert({
        where: { tenantId_orgUnitId_period: { tenantId, orgUnitId: input.toId, period } },
        create: { tenantId, orgUnitId: input.toId, period, availableFen: amountFen },
        update: { availableFen: { increment: amountFen } },
      });
    });
  }
}
