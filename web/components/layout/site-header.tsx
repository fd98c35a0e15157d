import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { LanguageSwitch } from "./language-switch";
import styles from "./layout.module.css";

export async function SiteHeader() {
  const [t, locale] = await Promise.all([getTranslations("common"), getLocale()]);
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/" className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">
            权
          </span>
          Benefits Hub
        </Link>
        <div className={styles.tools}>
          <nav aria-label={t("nav.label")} className={styles.nav}>
            <Link href="/">{t("nav.mall")}</Link>
            <Link href="/wallet">{t("nav.wallet")}</Link>
            <Link href="/admin">{t("nav.admin")}</Link>
          </nav>
          <LanguageSwitch current={locale as Locale} label={t("language.label")} />
        </div>
      </div>
    </header>
  );
}
