// The rules of choosing a pack's options, as a pure function.
import type { CampaignItem } from "@benefits-hub/platform/db/client";
import { checkChoice, type PackFacts, type PackTerms } from "../../src/domain/packs/pack-choice";

const now = new Date("2026-12-10T00:00:00Z");
const item = (id: string, costFen: number, variant: string | null = null): CampaignItem => ({
  id,
  campaignId: "c",
  skuId: `sku-${id}`,
  benefitId: `benefit-${id}`,
  variant,
  costFen,
  fulfilmentKind: "SERVICE",
  validity: { kind: "DAYS_AFTER_CLAIM", validDays: 30 },
  position: 0,
  skuName: `SKU ${id}`,
  benefitName: `Benefit ${id}`,
  faceValueFen: costFen,
  categoryId: null,
  categoryName: null,
  brandId: null,
  brandName: null,
  supplierId: null,
  supplierName: null,
});
const terms: PackTerms = {
  packChoose: 2,
  packAllowanceFen: 3000,
  items: [item("a", 1000), item("b", 1500), item("c", 2000), item("d", 500)],
};
const pack: PackFacts = { isPack: true, state: "ISSUED", expiresAt: null, variant: null };

test("exactly packChoose distinct options within the allowance are chosen, in the order asked", () => {
  const r = checkChoice(pack, terms, ["b", "a"], now);
  expect("items" in r && r.items.map((i) => i.id)).toEqual(["b", "a"]);
  expect("items" in checkChoice({ ...pack, state: "CLAIMED" }, terms, ["c", "a"], now)).toBe(true); // 3000 = allowance
});

test.each([
  [["a"], "INVALID_INPUT", "Choose exactly 2"],
  [["a", "b", "d"], "INVALID_INPUT", "Choose exactly 2"],
  [["a", "a"], "INVALID_INPUT", "chosen twice"],
  [["b", "c"], "INVALID_INPUT", "over the pack's allowance"],
  [["a", "zzz"], "INVALID_INPUT", "Not an option"],
])("%j is refused: %s", (ids, code, message) => {
  const r = checkChoice(pack, terms, ids, now);
  expect(r).toMatchObject({ code, field: "itemIds" });
  expect("message" in r && r.message).toContain(message);
});

test("an option of another A/B variant is not offered", () => {
  const variantTerms = { ...terms, items: [item("a", 100, "A"), item("b", 100, "A"), item("x", 100, "B")] };
  const a = { ...pack, variant: "A" };
  expect("items" in checkChoice(a, variantTerms, ["a", "b"], now)).toBe(true);
  expect(checkChoice(a, variantTerms, ["a", "x"], now)).toMatchObject({ code: "INVALID_INPUT" });
});

test("the pack must be a usable, unexpired pack", () => {
  expect(checkChoice({ ...pack, isPack: false }, terms, ["a", "b"], now)).toMatchObject({ code: "INVALID_INPUT" });
  expect(checkChoice(pack, null, ["a", "b"], now)).toMatchObject({ code: "INVALID_INPUT" });
  expect(checkChoice({ ...pack, state: "EXPIRED" }, terms, ["a", "b"], now)).toMatchObject({ code: "EXPIRED" });
  for (const state of ["REDEEMED", "REVOKED", "TRANSFERRED"] as const) {
    expect(checkChoice({ ...pack, state }, terms, ["a", "b"], now)).toMatchObject({ code: "INVALID_STATE" });
  }
  expect(checkChoice({ ...pack, expiresAt: now }, terms, ["a", "b"], now)).toMatchObject({ code: "EXPIRED" });
});
