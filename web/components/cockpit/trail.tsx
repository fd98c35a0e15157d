// The org-unit drill-down's way back: "All" (the viewer's whole scope) › the units drilled through › the unit.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Crumb } from "./load";
import { cockpitSearch, type CockpitState } from "./params";
import styles from "./cockpit.module.css";

export async function Trail({ state, trail, path }: { state: CockpitState; trail: Crumb[] | null; path: string }) {
  if (!state.orgUnitId) return null;
  const t = await getTranslations("cockpit");
  const href = (orgUnitId: string | null) => `${path}?${cockpitSearch({ ...state, orgUnitId, pageIndex: 0 })}`;
  const crumbs = trail ?? [{ id: state.orgUnitId, name: t("drill.unknownUnit") }];
  return (
    <nav aria-label={t("drill.label")} data-testid="cockpit-trail">
      <ol className={styles.breadcrumb}>
        <li>
          <Link href={href(null)} scroll={false} data-testid="trail-all">
            {t("drill.all")}
          </Link>
        </li>
        {crumbs.map((crumb, index) =>
          index === crumbs.length - 1 ? (
            <li key={crumb.id} aria-current="page">
              {crumb.name}
            </li>
          ) : (
            <li key={crumb.id}>
              <Link href={href(crumb.id)} scroll={false}>
                {crumb.name}
              </Link>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
