// The dashboard's figures for one state of its URL: loaded on the server (tiles, chart and funnel are in the
// first HTML), then kept live by <CockpitLive>.
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { loginHref } from "@/lib/auth/return-path";
import { env } from "@/lib/env";
import { BreakdownPanel } from "./breakdown-panel";
import { FunnelPanel } from "./funnel-panel";
import { KpiTiles } from "./kpi-tiles";
import { CockpitLive, LiveStatus } from "./live";
import { loadCockpit, loadTrail, type CockpitViewer } from "./load";
import { cockpitFilter, cockpitSearch, type CockpitState } from "./params";
import { SeriesPanel } from "./series-panel";
import { Trail } from "./trail";
import styles from "./cockpit.module.css";

interface Props {
  token: string;
  state: CockpitState;
  viewer: CockpitViewer;
  path: string;
}

export async function CockpitBody({ token, state, viewer, path }: Props) {
  const [t, data, trail] = await Promise.all([
    getTranslations("cockpit"),
    loadCockpit(token, state),
    state.orgUnitId ? loadTrail(token, state.orgUnitId, viewer) : Promise.resolve(null),
  ]);
  if (!data.ok) {
    const back = `${path}?${cockpitSearch(state)}`;
    if (data.failure === "unauthenticated") redirect(loginHref(back, "expired"));
    if (data.failure === "forbidden") redirect(loginHref(back, "forbidden"));
    return (
      <div className={`${styles.panel} ${styles.state} ${styles.errorState}`} role="alert" data-testid="cockpit-error">
        <h2>{t(data.failure === "invalid" ? "error.invalidTitle" : "error.title")}</h2>
        <p>{t(data.failure === "invalid" ? "error.invalid" : "error.body")}</p>
        <a href={data.failure === "invalid" ? path : back}>{t("error.retry")}</a>
      </div>
    );
  }
  const { cockpitOverview, cockpitTimeSeries, cockpitFunnel, cockpitBreakdown } = data.value;
  const statusLabels = {
    connecting: t("live.connecting"),
    live: t("live.live"),
    reconnecting: t("live.reconnecting"),
    disconnected: t("live.disconnected"),
  };
  return (
    <CockpitLive filter={cockpitFilter(state)} initialOverview={cockpitOverview} wsUrl={env().gatewayWsUrl}>
      <div className={styles.liveLine}>
        <span data-testid="cockpit-scope">
          {viewer.role === "UNIT_MANAGER"
            ? t("scope.subtree", { unit: viewer.orgUnit.name })
            : viewer.role === "PLATFORM_OPERATOR"
              ? t("scope.platform")
              : t("scope.tenant", { tenant: viewer.tenant.name })}
          {" · "}
          {t("scope.previous", { from: cockpitOverview.previousFrom, to: cockpitOverview.previousTo })}
        </span>
        <LiveStatus labels={statusLabels} />
      </div>
      <Trail state={state} trail={trail} path={path} />
      <KpiTiles />
      <div className={styles.twoColumns}>
        <SeriesPanel series={cockpitTimeSeries} state={state} path={path} />
        <FunnelPanel funnel={cockpitFunnel} />
      </div>
      <BreakdownPanel breakdown={cockpitBreakdown} state={state} path={path} />
    </CockpitLive>
  );
}

/** What shows while the figures load (a new range or unit). */
export async function CockpitLoading() {
  const t = await getTranslations("cockpit");
  return (
    <div className={`${styles.panel} ${styles.state}`} role="status" aria-live="polite" data-testid="cockpit-loading">
      {t("loading")}
    </div>
  );
}
