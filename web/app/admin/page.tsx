import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DashboardHeader } from "@/components/admin/dashboard-header";
import { DashboardUnavailable } from "@/components/admin/dashboard-unavailable";
import { LiveRedemptions } from "@/components/admin/live-redemptions";
import { loginHref } from "@/lib/auth/return-path";
import { readToken } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getDashboard } from "@/lib/graphql/dashboard";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const token = await readToken();
  if (!token) redirect(loginHref("/admin"));

  const dashboard = await getDashboard(token);
  if (!dashboard.ok) {
    if (dashboard.failure === "unauthenticated") redirect(loginHref("/admin", "expired"));
    if (dashboard.failure === "forbidden") redirect(loginHref("/admin", "forbidden"));
    return <DashboardUnavailable />;
  }
  return (
    <>
      <DashboardHeader viewer={dashboard.value.viewer} />
      <LiveRedemptions initialStats={dashboard.value.stats} wsUrl={env().gatewayWsUrl} />
    </>
  );
}
