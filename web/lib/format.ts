// Display formatting for money (fen as ¥) and counts.
const cny = new Intl.NumberFormat("en-US", { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol" });

/** 3000 → "¥30.00". Fen are integers; the division happens only for display. */
export function formatFen(fen: number): string {
  return cny.format(fen / 100);
}

/** A price as members read it: 0 → "Free", otherwise as formatFen. */
export function formatPrice(fen: number): string {
  return fen === 0 ? "Free" : formatFen(fen);
}

const count = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return count.format(n);
}
