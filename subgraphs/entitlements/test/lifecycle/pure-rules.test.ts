// The lifecycle's pure rules, table-driven: the state machine, the expiry an
// acceptance sets, what blocks a transfer, and a chain checked against its state.
import type { EntitlementRow } from "../../src/data/entitlement.repository";
import { checkChain } from "../../src/domain/chain-verifier";
import { canMove, targetOf, type Transition } from "../../src/domain/entitlement-state";
import { linkHash, type StoredLink } from "../../src/domain/event-chain";
import { transferBlock } from "../../src/domain/lifecycle/transfer.service";
import { expiryOnAccept } from "../../src/domain/lifecycle/validity";

const STATES = ["ISSUED", "CLAIMED", "REDEEMED", "EXPIRED", "TRANSFERRED", "REVOKED"] as const;
const ALLOWED: Record<Transition, readonly string[]> = {
  accept: ["ISSUED"],
  redeem: ["ISSUED", "CLAIMED"],
  expire: ["ISSUED", "CLAIMED"],
  transfer: ["ISSUED", "CLAIMED"],
  revoke: ["ISSUED", "CLAIMED"],
};

test.each(
  (Object.keys(ALLOWED) as Transition[]).flatMap((t) => STATES.map((s) => [s, t, ALLOWED[t].includes(s)] as const)),
)("%s may %s: %s", (from, transition, allowed) => {
  expect(canMove(from, transition)).toBe(allowed);
});

test.each([
  ["accept", "CLAIMED"],
  ["redeem", "REDEEMED"],
  ["expire", "EXPIRED"],
  ["transfer", "TRANSFERRED"],
  ["revoke", "REVOKED"],
] as const)("%s leads to %s", (transition, to) => expect(targetOf(transition)).toBe(to));

const at = new Date("2026-12-01T00:00:00Z");
test.each([
  [{ kind: "DAYS_AFTER_CLAIM", validDays: 30 }, null, "2026-12-31T00:00:00.000Z"],
  [{ kind: "DAYS_AFTER_CLAIM", validDays: 30 }, new Date("2026-12-05T00:00:00Z"), "2026-12-31T00:00:00.000Z"],
  [
    { kind: "FIXED_DATES", validUntil: "2027-01-01T00:00:00Z" },
    new Date("2027-01-01T00:00:00Z"),
    "2027-01-01T00:00:00.000Z",
  ],
  [{ kind: "DAYS_AFTER_CLAIM", validDays: 0 }, null, null],
  [null, null, null],
] as const)("accepting with validity %j (expiry %s) expires at %s", (validity, current, expected) => {
  expect(expiryOnAccept(validity, at, current)?.toISOString() ?? null).toBe(expected);
});

const row = (over: Partial<EntitlementRow>): EntitlementRow =>
  ({
    id: "e",
    state: "CLAIMED",
    expiresAt: null,
    revealedAt: null,
    transferredFromId: null,
    isPack: false,
    ...over,
  }) as EntitlementRow;

test.each([
  [{}, null],
  [{ state: "ISSUED" }, null],
  [{ state: "REDEEMED" }, "NOT_TRANSFERABLE"],
  [{ state: "EXPIRED" }, "EXPIRED"],
  [{ expiresAt: new Date(at.getTime() - 1) }, "EXPIRED"],
  [{ expiresAt: at }, "EXPIRED"],
  [{ expiresAt: new Date(at.getTime() + 1) }, null],
  [{ revealedAt: at }, "NOT_TRANSFERABLE"],
  [{ transferredFromId: "x" }, "NOT_TRANSFERABLE"],
  [{ isPack: true }, "NOT_TRANSFERABLE"],
] as const)("transfer of %j: %s", (over, code) => {
  expect(transferBlock(row(over as Partial<EntitlementRow>), at)?.code ?? null).toBe(code);
});

function chain(types: string[]): StoredLink[] {
  let prevHash: string | null = null;
  return types.map((type, i) => {
    const link = { tenantId: "t", entitlementId: "e", chainSeq: i + 1, type, payload: { i }, occurredAt: at, prevHash };
    const hash = linkHash(link);
    prevHash = hash;
    return { ...link, id: `ev${i + 1}`, hash };
  });
}

test.each([
  [["entitlement.issued"], "ISSUED", null],
  [["entitlement.issued", "entitlement.accepted", "entitlement.revealed"], "CLAIMED", null],
  [["entitlement.claimed", "entitlement.redeemed"], "REDEEMED", null],
  [["entitlement.claimed", "entitlement.redeemed"], "CLAIMED", "STATE_MISMATCH"],
  [["entitlement.revealed"], "CLAIMED", "STATE_MISMATCH"],
  [[], "CLAIMED", "GAP"],
] as const)("chain %j of a %s entitlement: %s", (types, state, reason) => {
  expect(checkChain("e", state, chain([...types]))?.reason ?? null).toBe(reason);
});

test("a reordered chain is found", () => {
  const links = chain(["entitlement.issued", "entitlement.accepted", "entitlement.redeemed"]);
  const swapped = [links[0]!, { ...links[2]!, chainSeq: 2 }, { ...links[1]!, chainSeq: 3 }];
  expect(checkChain("e", "REDEEMED", swapped)?.reason).toBe("PREV_HASH_MISMATCH");
});
