import styles from "./mall.module.css";

export function MallHero() {
  return (
    <section className={styles.hero}>
      <p className={styles.eyebrow}>
        <span lang="zh-CN">权益商城</span> · Benefit mall
      </p>
      <h1 className={styles.heroTitle}>Choose the benefits that suit you</h1>
      <p className={styles.heroLead}>Memberships, vouchers, top-ups and services from one shelf.</p>
    </section>
  );
}
