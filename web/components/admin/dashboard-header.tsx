// The admin pages' heading: which section, whose tenant, who is signed in, and the way between sections.
import Link from "next/link";
import { LogoutButton } from "@/components/auth/logout-button";
import type { Viewer } from "@/lib/graphql/types";
import styles from "./admin.module.css";

const SECTIONS = {
  dashboard: { href: "/admin", zh: "数据驾驶舱", en: "Dashboard" },
  shelf: { href: "/admin/shelf", zh: "权益货架", en: "Shelf" },
} as const;

export type AdminSection = keyof typeof SECTIONS;

export function DashboardHeader({ viewer, section = "dashboard" }: { viewer: Viewer; section?: AdminSection }) {
  const current = SECTIONS[section];
  return (
    <header className={styles.header}>
      <div>
        <p className={styles.eyebrow}>
          <span lang="zh-CN">{current.zh}</span> · {current.en}
        </p>
        <h1 className={styles.title}>{viewer.tenantName}</h1>
        <p className={styles.viewer}>
          Signed in as <strong>{viewer.displayName}</strong>
        </p>
        <nav aria-label="Admin" className={styles.sections}>
          {Object.entries(SECTIONS).map(([key, { href, en }]) => (
            <Link key={key} href={href} aria-current={key === section ? "page" : undefined}>
              {en}
            </Link>
          ))}
        </nav>
      </div>
      <LogoutButton />
    </header>
  );
}
