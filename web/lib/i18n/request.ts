// next-intl's request configuration (next.config.ts points its plugin here): the language of this request, its
// messages, and Beijing as the time zone every date is formatted in.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { chooseLocale, LOCALE_COOKIE, TIME_ZONE } from "./config";
import { loadMessages } from "./messages";

export default getRequestConfig(async () => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const locale = chooseLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerStore.get("accept-language"));
  return { locale, timeZone: TIME_ZONE, messages: await loadMessages(locale) };
});
