"use server";
// The language switch: remembers the choice in next-intl's cookie for a year. The page then refreshes itself.
import { cookies } from "next/headers";
import { servedOverHttps } from "@/lib/auth/session";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S } from "./config";

export async function setLocaleAction(locale: string): Promise<{ ok: boolean }> {
  if (!isLocale(locale)) return { ok: false };
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: LOCALE_COOKIE_MAX_AGE_S,
    sameSite: "lax",
    secure: await servedOverHttps(),
  });
  return { ok: true };
}
