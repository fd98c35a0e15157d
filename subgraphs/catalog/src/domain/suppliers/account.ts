// The phone number or account of a top-up: checked before it is sealed, and
// shown only masked (138****0000).

const PHONE = /^1\d{10}$/;
const ACCOUNT = /^[A-Za-z0-9][A-Za-z0-9_.@-]{3,63}$/;

export type AccountCheck = { ok: true; account: string; kind: "phone" | "account" } | { ok: false; message: string };

/** A mainland mobile number (11 digits starting with 1), or an account id of 4 to 64 letters, digits and _.@-. */
export function checkAccount(raw: unknown): AccountCheck {
  if (typeof raw !== "string") return { ok: false, message: "account must be text" };
  const account = raw.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
  if (PHONE.test(account)) return { ok: true, account, kind: "phone" };
  if (/^\d+$/.test(account) && account.length >= 10) {
    return { ok: false, message: "a phone number is 11 digits starting with 1" };
  }
  const trimmed = raw.trim();
  if (ACCOUNT.test(trimmed)) return { ok: true, account: trimmed, kind: "account" };
  return { ok: false, message: "account must be a phone number or an account id of 4 to 64 letters, digits and _.@-" };
}

/** 13800000000 → 138****0000; other accounts keep their first and last two characters. */
export function maskAccount(account: string): string {
  if (PHONE.test(account)) return `${account.slice(0, 3)}****${account.slice(-4)}`;
  if (account.length <= 4) return "****";
  return `${account.slice(0, 2)}****${account.slice(-2)}`;
}

/** The key-ring context a top-up's account is sealed under. */
export const topupAccountContext = (orderId: string) => `topup:${orderId}`;
