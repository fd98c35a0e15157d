const cny = new Intl.NumberFormat("en-US", { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol" });

/** 3000 → "¥30.00". Fen are integers; the division happens only for display. */
export function formatFen(fen: number): string {
  return cny.format(fen / 100);
}

const count = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return count.format(n);
}
