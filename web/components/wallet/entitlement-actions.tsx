"use client";
// The actions of one entitlement: accept, show its card code, top up, mark used, show the code for a partner,
// give it to a colleague, choose a pack's options. Each click is one action with one idempotency key.

import { useId, useState, type FormEvent } from "react";
import { ActionMessage, type Outcome } from "@/components/feedback/action-message";
import { formatChinaDate } from "@/lib/china-time";
import { useKeyedAction } from "@/lib/actions/use-keyed-action";
import type { ActionResult } from "@/lib/graphql/action-result";
import type { CardCode } from "@/lib/graphql/wallet-mutations";
import type { WalletEntitlement } from "@/lib/graphql/wallet";
import type { WalletAction } from "@/lib/wallet/actions";
import { PackChooser } from "./pack-chooser";
import styles from "./wallet.module.css";
import {
  acceptAction,
  choosePackAction,
  redeemAction,
  revealAction,
  topupAction,
  transferAction,
} from "./wallet-actions";

type Panel = "partnerCode" | "transfer" | "topup" | "choosePack";

interface Props {
  id: string;
  actions: readonly WalletAction[];
  redemptionCode: string | null;
  pack: WalletEntitlement["pack"];
}

export function EntitlementActions({ id, actions, redemptionCode, pack }: Props) {
  const { busy, run } = useKeyedAction();
  const [panel, setPanel] = useState<Panel | null>(null);
  const [cardCode, setCardCode] = useState<CardCode | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fieldId = useId();
  const can = (action: WalletAction) => actions.includes(action);
  const toggle = (next: Panel) => {
    setPanel((current) => (current === next ? null : next));
    setOutcome(null);
  };

  async function act<T>(request: string, send: (key: string) => Promise<ActionResult<T>>, done: (value: T) => Outcome) {
    const result = await run(request, send);
    if (!result) return;
    setOutcome(result.ok ? done(result.value) : { kind: "refused", errors: result.errors });
    if (result.ok) setPanel(null);
  }

  const accept = () =>
    act(
      "accept",
      (key) => acceptAction(id, key),
      () => ({ kind: "done", text: "Accepted: it is yours to use." }),
    );
  const redeem = () =>
    act(
      "redeem",
      (key) => redeemAction(id, key),
      () => ({ kind: "done", text: "Marked as used." }),
    );
  const reveal = () =>
    act(
      "reveal",
      (key) => revealAction(id, key),
      (code) => {
        setCardCode(code);
        return null;
      },
    );

  function transfer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const to = String(new FormData(event.currentTarget).get("toMemberId") ?? "").trim();
    void act(
      `transfer:${to}`,
      (key) => transferAction(id, key, to),
      () => ({
        kind: "done",
        text: "Given to your colleague: it is in their wallet now.",
      }),
    );
  }

  function topup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const account = String(new FormData(event.currentTarget).get("account") ?? "").trim();
    void act(
      `topup:${account}`,
      (key) => topupAction(id, key, account),
      () => ({
        kind: "done",
        text: `Top-up requested for ${account}; it arrives in a few minutes.`,
      }),
    );
  }

  function choosePack(itemIds: string[]) {
    void act(
      `choosePack:${[...itemIds].sort().join(",")}`,
      (key) => choosePackAction(id, key, itemIds),
      () => ({
        kind: "done",
        text: "Your options are in your wallet.",
      }),
    );
  }

  return (
    <div className={styles.actions} data-testid="entitlement-actions">
      <div className={styles.buttons}>
        {can("accept") && (
          <button type="button" className={styles.primary} onClick={accept} disabled={busy !== null}>
            {busy === "accept" ? "Accepting…" : "Accept"}
          </button>
        )}
        {can("reveal") && (
          <button type="button" className={styles.primary} onClick={reveal} disabled={busy !== null}>
            {busy === "reveal" ? "Opening…" : cardCode ? "Show card code again" : "Show card code"}
          </button>
        )}
        {can("topup") && (
          <button
            type="button"
            className={styles.primary}
            onClick={() => toggle("topup")}
            aria-expanded={panel === "topup"}
          >
            Top up
          </button>
        )}
        {can("choosePack") && (
          <button
            type="button"
            className={styles.primary}
            onClick={() => toggle("choosePack")}
            aria-expanded={panel === "choosePack"}
          >
            Choose options
          </button>
        )}
        {can("redeem") && (
          <button type="button" className={styles.secondary} onClick={redeem} disabled={busy !== null}>
            {busy === "redeem" ? "Saving…" : "Mark as used"}
          </button>
        )}
        {can("partnerCode") && (
          <button
            type="button"
            className={styles.secondary}
            onClick={() => toggle("partnerCode")}
            aria-expanded={panel === "partnerCode"}
          >
            Code for a partner
          </button>
        )}
        {can("transfer") && (
          <button
            type="button"
            className={styles.secondary}
            onClick={() => toggle("transfer")}
            aria-expanded={panel === "transfer"}
          >
            Give to a colleague
          </button>
        )}
      </div>

      {cardCode && (
        <div className={styles.code} data-testid="card-code" role="status">
          <p>Card code</p>
          <span className={styles.codeValue} data-testid="card-code-value">
            {cardCode.code}
          </span>
          {cardCode.pin && (
            <p>
              PIN <strong data-testid="card-code-pin">{cardCode.pin}</strong>
            </p>
          )}
          {cardCode.expiresAt && <p>Use it before {formatChinaDate(cardCode.expiresAt)}.</p>}
          <p>Shown to you only; every time it is shown is recorded. Once shown, it cannot be given away.</p>
        </div>
      )}

      {panel === "partnerCode" && redemptionCode && (
        <div className={styles.code} data-testid="partner-code">
          <p>Show this code at the counter; the partner enters or scans it to redeem.</p>
          <span className={styles.codeValue} data-testid="partner-code-value">
            {redemptionCode}
          </span>
        </div>
      )}

      {panel === "transfer" && (
        <form className={`${styles.panel} ${styles.inline}`} onSubmit={transfer}>
          <label className={styles.field} htmlFor={`${fieldId}-to`}>
            Colleague’s member id
            <input id={`${fieldId}-to`} name="toMemberId" required autoComplete="off" spellCheck={false} />
          </label>
          <button type="submit" className={styles.primary} disabled={busy !== null}>
            {busy === "transfer" ? "Giving…" : "Give"}
          </button>
          <p className={styles.hint}>
            Once, to a colleague of your company, before it expires. Your colleague finds their id in their wallet.
          </p>
        </form>
      )}

      {panel === "topup" && (
        <form className={`${styles.panel} ${styles.inline}`} onSubmit={topup}>
          <label className={styles.field} htmlFor={`${fieldId}-account`}>
            Phone number or account
            <input id={`${fieldId}-account`} name="account" required inputMode="tel" autoComplete="tel" />
          </label>
          <button type="submit" className={styles.primary} disabled={busy !== null}>
            {busy === "topup" ? "Sending…" : "Send top-up"}
          </button>
        </form>
      )}

      {panel === "choosePack" && pack && <PackChooser pack={pack} busy={busy === "choosePack"} onChoose={choosePack} />}

      <ActionMessage outcome={outcome} />
    </div>
  );
}
