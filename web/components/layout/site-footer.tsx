import styles from "./layout.module.css";

export function SiteFooter() {
  return (
    <footer className={styles.footer}>
      <div className={styles.inner}>
        <span>
          Benefits Hub · <span lang="zh-CN">企业权益平台</span>
        </span>
        <span>Prices in CNY</span>
      </div>
    </footer>
  );
}
