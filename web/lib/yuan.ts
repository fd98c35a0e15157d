// Prices as people type them: yuan in the UI, whole fen in the API.

/** Prices above this many yuan are certainly typos (the API's limit too). */
export const MAX_PRICE_YUAN = 1_000_000;

/** "25", "25.5", "25.50", "¥25" → fen (2500, 2550, 2550, 2500); anything else → null. */
export function parseYuan(text: string): number | null {
  const match = /^[¥￥]?\s*(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const yuan = Number(match[1]);
  if (yuan > MAX_PRICE_YUAN) return null;
  const fen = yuan * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return fen > MAX_PRICE_YUAN * 100 ? null : fen;
}

/** Fen → yuan as an input shows it: 2500 → "25", 2550 → "25.5", 2555 → "25.55". */
export function yuanText(fen: number): string {
  return String(fen / 100);
}

export const PRICE_HINT = `in yuan, such as 25 or 25.50 (at most ${MAX_PRICE_YUAN.toLocaleString("en-US")})`;
