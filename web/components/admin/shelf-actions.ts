// Server action: a tenant admin changes the price of an offer on their shelf (yuan in, fen to the API).
"use server";

import { revalidatePath } from "next/cache";
import { readToken } from "@/lib/auth/session";
import { formatFen } from "@/lib/format";
import { updateShelfPrice } from "@/lib/graphql/shelf-admin";
import { parseYuan, PRICE_HINT, yuanText } from "@/lib/yuan";

export interface PriceFormState {
  status: "idle" | "saved" | "error";
  message?: string;
  /** What the input shows after the form resets: the saved price, or what was typed when it failed. */
  price?: string;
}

export async function updatePriceAction(_previous: PriceFormState, form: FormData): Promise<PriceFormState> {
  const id = String(form.get("id") ?? "");
  const price = String(form.get("price") ?? "").trim();
  const token = await readToken();
  if (!token) return { status: "error", message: "Your session has ended. Please sign in again.", price };
  if (!id) return { status: "error", message: "Which offer? Reload the page and try again.", price };
  const fen = parseYuan(price);
  if (fen === null) return { status: "error", message: `Enter the price ${PRICE_HINT}.`, price };

  const result = await updateShelfPrice(token, id, fen);
  if (!result.ok) return { status: "error", message: result.message, price };
  revalidatePath("/admin/shelf");
  return { status: "saved", message: `Saved: ${formatFen(result.priceFen)}`, price: yuanText(result.priceFen) };
}
