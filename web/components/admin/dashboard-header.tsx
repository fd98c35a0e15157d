// The admin pages' heading: which section, whose tenant, who is signed in, and the way between sections.
import Link from "next/link";
import { LogoutButton } from "@/components/auth/logout-button";
import type { MemberRole, Viewer } from "@/lib/graphql/types";
import styles from "./admin.module.css";

export type AdminSection = "dashboard" | "shelf" | "campaigns" | "review" | "codes";

interface Section {
  href: string;
  zh: string;
  en: string;
  /** Who sees the section's link; everyone when absent. */
  roles?: readonly MemberRole[];
}

const SECTIONS: Record<AdminSection, Section> = {
  dashboard: { href: "/admin", zh: "数据驾驶舱", en: "Dashboard", roles: ["TENANT_ADMIN"] },
  shelf: { href: "/admin/shelf", zh: "权益货架", en: "Shelf", roles: ["TENANT_ADMIN"] },
  campaigns: { href: "/admin/campaigns", zh: "活动管理", en: "Campaigns", roles: ["TENANT_ADMIN"] },
  review: { href: "/admin/review", zh: "风控审核", en: "Risk review", roles: ["TENANT_ADMIN"] },
  codes: { href: "/admin/codes", zh: "卡密库存", en: "Card codes", roles: ["PLATFORM_OPERATOR"] },
};

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
          {Object.entries(SECTIONS)
            .filter(([, { roles }]) => !roles || roles.includes(viewer.role))
            .map(([key, { href, en }]) => (
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
