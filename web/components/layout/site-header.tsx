import Link from "next/link";
import styles from "./layout.module.css";

export function SiteHeader() {
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/" className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">
            权
          </span>
          Benefits Hub
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <Link href="/">Mall</Link>
          <Link href="/wallet">Wallet</Link>
          <Link href="/admin">Admin</Link>
        </nav>
      </div>
    </header>
  );
}
