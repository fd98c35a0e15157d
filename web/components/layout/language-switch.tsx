"use client";
// The header's language switch: each language named in its own words; the choice is kept in a cookie (a server
// action) and the page re-renders in place, keeping its URL and filters.
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/config";
import { setLocaleAction } from "@/lib/i18n/actions";
import styles from "./layout.module.css";

export function LanguageSwitch({ current, label }: { current: Locale; label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(locale: Locale) {
    if (locale === current || pending) return;
    startTransition(async () => {
      const { ok } = await setLocaleAction(locale);
      if (ok) router.refresh();
    });
  }

  return (
    <div className={styles.languages} role="group" aria-label={label} data-testid="language-switch" aria-busy={pending}>
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          className={styles.language}
          aria-pressed={locale === current}
          disabled={pending}
          onClick={() => choose(locale)}
          data-locale={locale}
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </div>
  );
}
