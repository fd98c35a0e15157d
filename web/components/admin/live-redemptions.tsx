"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatCount } from "@/lib/format";
import { createLiveClient, credentialExpired, type ConnectionStatus } from "@/lib/graphql/live-client";
import {
  mergeStats,
  RedemptionCountedSubscription,
  toRedemptionStat,
  totalRedemptions,
} from "@/lib/graphql/redemptions";
import type { RedemptionStat } from "@/lib/graphql/types";
import styles from "./admin.module.css";
import { ConnectionBadge } from "./connection-badge";
import { StatsTable } from "./stats-table";

interface Props {
  initialStats: RedemptionStat[];
  wsUrl: string;
}

export function LiveRedemptions({ initialStats, wsUrl }: Props) {
  const t = useTranslations("liveRedemptions");
  const router = useRouter();
  const [rows, setRows] = useState(initialStats);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [highlighted, setHighlighted] = useState<string>();
  const wasLive = useRef(false);
  // A new connection (with a fresh ticket) each time the gateway ends one because its credential expired.
  const [connection, setConnection] = useState(0);

  // A refresh after a reconnect brings fresh server stats; merge them without losing newer live counts.
  useEffect(() => setRows((current) => mergeStats(current, initialStats)), [initialStats]);

  useEffect(() => {
    const live = createLiveClient(wsUrl, (next) => {
      setStatus(next);
      if (next !== "live") return;
      // Events emitted while the socket was down are lost; re-read the totals once back.
      if (wasLive.current) router.refresh();
      wasLive.current = true;
    });
    const { unsubscribe } = live.client.subscription(RedemptionCountedSubscription, {}).subscribe((result) => {
      if (result.error && credentialExpired(result.error.networkError)) {
        setStatus("reconnecting");
        setConnection((n) => n + 1);
        return;
      }
      if (result.error) {
        setStatus("disconnected");
        // Lets the server send an expired session back to the login page.
        router.refresh();
        return;
      }
      if (!result.data) return;
      const stat = toRedemptionStat(result.data.redemptionCounted);
      setRows((current) => mergeStats(current, [stat]));
      setHighlighted(stat.benefitId);
    });
    return () => {
      unsubscribe();
      live.dispose();
    };
  }, [wsUrl, router, connection]);

  return (
    <section className={styles.panel} aria-labelledby="live-redemptions-title">
      <header className={styles.panelHeader}>
        <h2 id="live-redemptions-title">{t("title")}</h2>
        <ConnectionBadge status={status} />
      </header>
      <div className={styles.total}>
        <span className={styles.totalLabel}>{t("total")}</span>
        <span className={styles.totalValue} data-testid="redemptions-total">
          {formatCount(totalRedemptions(rows))}
        </span>
      </div>
      <StatsTable rows={rows} highlighted={highlighted} />
    </section>
  );
}
