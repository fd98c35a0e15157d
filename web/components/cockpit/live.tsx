"use client";
// Live figures: one cockpitUpdated subscription (over the gateway's websocket, authenticated with a ticket from
// /api/live-ticket like the live redemptions) for the dashboard's filter. Each pulse replaces the tiles' overview
// at once and, at most every few seconds, re-reads the page on the server so the chart, funnel and breakdown
// follow too. After a reconnect the page is re-read (pulses sent while the socket was down are lost).
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import adminStyles from "@/components/admin/admin.module.css";
import type { CockpitFilter, CockpitOverviewFieldsFragment } from "@/lib/gql/graphql";
import { createLiveClient, credentialExpired, type ConnectionStatus } from "@/lib/graphql/live-client";
import { CockpitUpdatedSubscription } from "./operations";

/** The shortest time between two server re-reads caused by pulses. */
const REFRESH_EVERY_MS = 3_000;

interface LiveValue {
  overview: CockpitOverviewFieldsFragment;
  /** Increments with every pulse: tiles flash on it. */
  pulses: number;
  status: ConnectionStatus;
}

const LiveContext = createContext<LiveValue | null>(null);

export function useLiveOverview(): LiveValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error("useLiveOverview outside <CockpitLive>");
  return value;
}

interface Props {
  filter: CockpitFilter;
  initialOverview: CockpitOverviewFieldsFragment;
  wsUrl: string;
  children: ReactNode;
}

export function CockpitLive({ filter, initialOverview, wsUrl, children }: Props) {
  const router = useRouter();
  const [pulse, setPulse] = useState<{ overview: CockpitOverviewFieldsFragment; base: unknown } | null>(null);
  const base = useRef<unknown>(initialOverview);
  const [pulses, setPulses] = useState(0);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [connection, setConnection] = useState(0);
  const wasLive = useRef(false);
  const lastRefresh = useRef(0);
  const pendingRefresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  const filterKey = JSON.stringify(filter);

  // A pulse counts until the next server render (navigation or refresh), whose overview is at least as new.
  const overview = pulse && pulse.base === initialOverview ? pulse.overview : initialOverview;
  useEffect(() => {
    base.current = initialOverview;
  }, [initialOverview]);

  useEffect(() => {
    const refreshSoon = () => {
      if (pendingRefresh.current) return;
      const wait = Math.max(0, lastRefresh.current + REFRESH_EVERY_MS - Date.now());
      pendingRefresh.current = setTimeout(() => {
        pendingRefresh.current = null;
        lastRefresh.current = Date.now();
        router.refresh();
      }, wait);
    };
    const client = createLiveClient(wsUrl, (next) => {
      setStatus(next);
      if (next !== "live") return;
      if (wasLive.current) refreshSoon();
      wasLive.current = true;
    });
    const { unsubscribe } = client.client
      .subscription(CockpitUpdatedSubscription, { filter: JSON.parse(filterKey) as CockpitFilter })
      .subscribe((result) => {
        if (result.error && credentialExpired(result.error.networkError)) {
          setStatus("reconnecting");
          setConnection((n) => n + 1);
          return;
        }
        if (result.error) {
          setStatus("disconnected");
          router.refresh();
          return;
        }
        const update = result.data?.cockpitUpdated;
        if (!update) return;
        setPulse({ overview: update.overview, base: base.current });
        setPulses((n) => n + 1);
        refreshSoon();
      });
    return () => {
      unsubscribe();
      client.dispose();
      if (pendingRefresh.current) clearTimeout(pendingRefresh.current);
      pendingRefresh.current = null;
    };
  }, [wsUrl, router, connection, filterKey]);

  return <LiveContext.Provider value={{ overview, pulses, status }}>{children}</LiveContext.Provider>;
}

/** The live connection's state, in the page's language. */
export function LiveStatus({ labels }: { labels: Record<ConnectionStatus, string> }) {
  const { status } = useLiveOverview();
  return (
    <span className={adminStyles.badge} data-status={status} data-testid="cockpit-live" role="status">
      <span className={adminStyles.dot} aria-hidden="true" />
      {labels[status]}
    </span>
  );
}
