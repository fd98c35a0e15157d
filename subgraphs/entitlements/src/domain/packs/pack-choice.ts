// Whether a member's choice of a pack's options is allowed, as a pure
// function: the pack usable and unexpired, exactly packChoose distinct items
// of its campaign (of the member's A/B variant, or of every variant), their
// costs within packAllowanceFen. See docs/entitlements.md, "Benefit packs".
import type { CampaignItem, Entitlement } from "@benefits-hub/platform/db/client";

export type PackErrorCode = "NOT_FOUND" | "INVALID_INPUT" | "INVALID_STATE" | "EXPIRED";

export interface PackError {
  code: PackErrorCode;
  message: string;
  field?: string | null;
}

export interface PackTerms {
  packChoose: number | null;
  packAllowanceFen: number | null;
  items: CampaignItem[];
}

export type PackFacts = Pick<Entitlement, "isPack" | "state" | "expiresAt" | "variant">;

export const packError = (code: PackErrorCode, message: string, field?: string): PackError => ({
  code,
  message,
  ...(field ? { field } : {}),
});

/** The chosen items in the order asked, or why the choice is refused. */
export function checkChoice(
  pack: PackFacts,
  terms: PackTerms | null,
  itemIds: readonly string[],
  now: Date,
): { items: CampaignItem[] } | PackError {
  if (!pack.isPack || !terms || terms.packChoose == null || terms.packAllowanceFen == null) {
    return packError("INVALID_INPUT", "This entitlement is not a pack", "entitlementId");
  }
  if (pack.state === "EXPIRED") return packError("EXPIRED", "The pack has expired");
  if (pack.state !== "ISSUED" && pack.state !== "CLAIMED") {
    return packError("INVALID_STATE", `The pack is ${pack.state.toLowerCase()}: its options cannot be chosen`);
  }
  if (pack.expiresAt && pack.expiresAt <= now) return packError("EXPIRED", "The pack has expired");
  const ids = itemIds.map((id) => id.toLowerCase());
  if (new Set(ids).size !== ids.length) return packError("INVALID_INPUT", "An option is chosen twice", "itemIds");
  if (ids.length !== terms.packChoose) {
    return packError("INVALID_INPUT", `Choose exactly ${terms.packChoose} of the pack's options`, "itemIds");
  }
  const offered = new Map(
    terms.items.filter((i) => i.variant === null || i.variant === pack.variant).map((i) => [i.id.toLowerCase(), i]),
  );
  const items: CampaignItem[] = [];
  for (const id of ids) {
    const item = offered.get(id);
    if (!item) return packError("INVALID_INPUT", "Not an option of this pack", "itemIds");
    items.push(item);
  }
  const total = items.reduce((sum, i) => sum + i.costFen, 0);
  if (total > terms.packAllowanceFen) {
    return packError(
      "INVALID_INPUT",
      `The options cost ${total} fen, over the pack's allowance of ${terms.packAllowanceFen} fen`,
      "itemIds",
    );
  }
  return { items };
}
