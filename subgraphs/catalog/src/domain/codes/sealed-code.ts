// What a sealed card code holds and what it is bound to.

/** AAD of a code: its id and SKU, so a sealed value copied to another row or SKU does not open. */
export const codeAad = (codeId: string, skuId: string) => Buffer.from(`card-code:v1:${codeId}:${skuId}`, "utf8");

/** The plaintext sealed for one code: its code and PIN. */
export const encodeSecret = (code: string, pin: string | null): Buffer =>
  Buffer.from(JSON.stringify(pin === null ? { c: code } : { c: code, p: pin }), "utf8");

export function decodeSecret(plaintext: Buffer): { code: string; pin: string | null } {
  const value = JSON.parse(plaintext.toString("utf8")) as { c?: unknown; p?: unknown };
  if (typeof value.c !== "string") throw new Error("sealed card code has an unexpected shape");
  return { code: value.c, pin: typeof value.p === "string" ? value.p : null };
}
