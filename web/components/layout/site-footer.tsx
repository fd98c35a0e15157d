import { getTranslations } from "next-intl/server";
import styles from "./layout.module.css";

export async function SiteFooter() {
  const t = await getTranslations("common");
  return (
    <footer className={styles.footer}>
      <div className={styles.inner}>
        <span>
          Benefits Hub · <span lang="zh-CN">企业权益平台</span>
        </span>
        <span>{t("footer.prices")}</span>
      </div>
    </footer>
  );
}
