// /admin: the data cockpit (数据驾驶舱) for tenant admins (their tenant), unit managers (their subtree; the API
// scopes every figure) and platform operators. Members get the admin pages' refusal. The dashboard's state is
// its URL (components/cockpit/params.ts); tenant admins also keep the live redemption counter per benefit.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { DashboardHeader } from "@/components/admin/dashboard-header";
import { DashboardUnavailable } from "@/components/admin/dashboard-unavailable";
import { LiveRedemptions } from "@/components/admin/live-redemptions";
import { CockpitBody, CockpitLoading } from "@/components/cockpit/cockpit-body";
import { COCKPIT_ROLES, loadViewer } from "@/components/cockpit/load";
import { readCockpitState } from "@/components/cockpit/params";
import { RangeBar } from "@/components/cockpit/range-bar";
import styles from "@/components/cockpit/cockpit.module.css";
import { loginHref } from "@/lib/auth/return-path";
import { readToken } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getDashboard } from "@/lib/graphql/dashboard";

export const dynamic = "force-dynamic";

const PATH = "/admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin");
  return { title: t("sections.dashboard") };
}

async function LiveRedemptionsPanel({ token }: { token: string }) {
  const dashboard = await getDashboard(token);
  if (!dashboard.ok) return null;
  return <LiveRedemptions initialStats={dashboard.value.stats} wsUrl={env().gatewayWsUrl} />;
}

export default async function AdminPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const token = await readToken();
  if (!token) redirect(loginHref(PATH));

  const viewer = await loadViewer(token);
  if (!viewer.ok) {
    if (viewer.failure === "unauthenticated") redirect(loginHref(PATH, "expired"));
    if (viewer.failure === "forbidden") redirect(loginHref(PATH, "forbidden"));
    return <DashboardUnavailable />;
  }
  const me = viewer.value;
  if (!(COCKPIT_ROLES as readonly string[]).includes(me.role)) redirect(loginHref(PATH, "forbidden"));

  const state = readCockpitState(await searchParams);
  return (
    <>
      <DashboardHeader viewer={{ displayName: me.displayName, role: me.role, tenantName: me.tenant.name }} />
      <div className={styles.stack}>
        <RangeBar state={state} path={PATH} />
        <Suspense key={`${state.from}|${state.to}|${state.orgUnitId ?? ""}`} fallback={<CockpitLoading />}>
          <CockpitBody token={token} state={state} viewer={me} path={PATH} />
        </Suspense>
        {me.role === "TENANT_ADMIN" && (
          <Suspense fallback={null}>
            <LiveRedemptionsPanel token={token} />
          </Suspense>
        )}
      </div>
    </>
  );
}
