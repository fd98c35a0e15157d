// The admin pages' heading: which section, whose tenant, who is signed in, and the way between sections.
// Labels come from messages/<locale>/admin.json; a section's link shows only to the roles it serves.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LogoutButton } from "@/components/auth/logout-button";
import type { MemberRole, Viewer } from "@/lib/graphql/types";
import styles from "./admin.module.css";

export type AdminSection = "dashboard" | "budgets" | "reconciliation" | "shelf" | "campaigns" | "review" | "codes";

interface Section {
  href: string;
  /** Who sees the section's link; everyone when absent. */
  roles?: readonly MemberRole[];
}

const SECTIONS: Record<AdminSection, Section> = {
  dashboard: { href: "/admin", roles: ["TENANT_ADMIN", "UNIT_MANAGER"] },
  budgets: { href: "/admin/budgets/burn", roles: ["TENANT_ADMIN", "UNIT_MANAGER"] },
  reconciliation: { href: "/admin/reconciliation", roles: ["TENANT_ADMIN", "PLATFORM_OPERATOR"] },
  shelf: { href: "/admin/shelf", roles: ["TENANT_ADMIN"] },
  campaigns: { href: "/admin/campaigns", roles: ["TENANT_ADMIN"] },
  review: { href: "/admin/review", roles: ["TENANT_ADMIN"] },
  codes: { href: "/admin/codes", roles: ["PLATFORM_OPERATOR"] },
};

export async function DashboardHeader({ viewer, section = "dashboard" }: { viewer: Viewer; section?: AdminSection }) {
  const t = await getTranslations("admin");
  return (
    <header className={styles.header}>
      <div>
        <p className={styles.eyebrow}>{t(`sections.${section}`)}</p>
        <h1 className={styles.title}>{viewer.tenantName}</h1>
        <p className={styles.viewer}>
          {t.rich("signedInAs", { name: viewer.displayName, strong: (chunks) => <strong>{chunks}</strong> })}
        </p>
        <nav aria-label={t("nav")} className={styles.sections}>
          {(Object.entries(SECTIONS) as [AdminSection, Section][])
            .filter(([, { roles }]) => !roles || roles.includes(viewer.role))
            .map(([key, { href }]) => (
              <Link key={key} href={href} aria-current={key === section ? "page" : undefined}>
                {t(`sections.${key}`)}
              </Link>
            ))}
        </nav>
      </div>
      <LogoutButton />
    </header>
  );
}
