// What a member may still claim: their per-member limit less what they hold, capped by the stock left.
import { remainingFor, stockLeft } from "../../src/domain/campaigns/campaign-rules";

test.each([
  // totalLimit, issuedCount, perMemberLimit, used, stock left, remaining for the member
  [null, 0, 1, 0, null, 1],
  [null, 900, 3, 2, null, 1],
  [500, 100, 2, 0, 400, 2],
  [500, 499, 2, 0, 1, 1],
  [500, 500, 2, 0, 0, 0],
  [500, 100, 2, 2, 400, 0],
  [500, 100, 1, 3, 400, 0],
  [10, 12, 1, 0, 0, 0],
])(
  "stock %p, issued %p, %p per member, %p held: %p left, %p for the member",
  (total, issued, per, used, left, mine) => {
    const campaign = { totalLimit: total, issuedCount: issued, perMemberLimit: per };
    expect(stockLeft(campaign)).toBe(left);
    expect(remainingFor(campaign, used)).toBe(mine);
  },
);
