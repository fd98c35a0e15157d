// One refresh per refresh token in this process. A page load sends several requests at once, each with the same
// refresh cookie; rotating it once per request would look like token reuse to membership, which then ends the whole
// session. So concurrent requests share one refresh, and for a short while a request still carrying the old token
// (its browser had not yet stored the new cookies) gets the same new pair.
import { createHash } from "node:crypto";
import { refreshTokens, type RefreshOutcome } from "./session-api";

const SHARE_MS = 30_000;
const recent = new Map<string, { at: number; outcome: Promise<RefreshOutcome> }>();

export function refreshOnce(refreshToken: string, headers: Record<string, string>): Promise<RefreshOutcome> {
  const now = Date.now();
  for (const [key, entry] of recent) if (now - entry.at > SHARE_MS) recent.delete(key);
  const key = createHash("sha256").update(refreshToken).digest("hex");
  const shared = recent.get(key);
  if (shared) return shared.outcome;
  const outcome = refreshTokens(refreshToken, headers).then(
    (result) => {
      // The hub could not be asked: the next request tries again.
      if (!result.ok && result.reason === "unavailable") recent.delete(key);
      return result;
    },
    (error: unknown) => {
      recent.delete(key);
      throw error;
    },
  );
  recent.set(key, { at: now, outcome });
  return outcome;
}
