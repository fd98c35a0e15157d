"use client";
// A pack's options as checkboxes: exactly `choose` of them, costing at most the allowance together.

import { useState, type FormEvent } from "react";
import { formatFen } from "@/lib/format";
import type { WalletEntitlement } from "@/lib/graphql/wallet";
import styles from "./wallet.module.css";

type Pack = NonNullable<WalletEntitlement["pack"]>;

export function PackChooser({
  pack,
  busy,
  onChoose,
}: {
  pack: Pack;
  busy: boolean;
  onChoose: (itemIds: string[]) => void;
}) {
  const [chosen, setChosen] = useState<string[]>([]);
  const total = pack.options.filter((o) => chosen.includes(o.itemId)).reduce((sum, o) => sum + o.costFen, 0);
  const ready = chosen.length === pack.choose && total <= pack.allowanceFen;

  const flip = (itemId: string) =>
    setChosen((current) => (current.includes(itemId) ? current.filter((x) => x !== itemId) : [...current, itemId]));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (ready) onChoose(chosen);
  }

  return (
    <form className={styles.panel} onSubmit={submit} data-testid="pack-chooser">
      <fieldset className={styles.options}>
        <legend className={styles.hint}>
          Choose {pack.choose}, up to {formatFen(pack.allowanceFen)} in all.
        </legend>
        {pack.options.map((option) => (
          <label key={option.itemId} className={styles.option}>
            <input
              type="checkbox"
              name="itemId"
              value={option.itemId}
              checked={chosen.includes(option.itemId)}
              onChange={() => flip(option.itemId)}
            />
            <span lang="zh-CN">{option.sku.name}</span>
            <span className={styles.optionCost}>{formatFen(option.costFen)}</span>
          </label>
        ))}
      </fieldset>
      <p className={styles.hint} aria-live="polite">
        {chosen.length} of {pack.choose} chosen, {formatFen(total)}
        {total > pack.allowanceFen ? ": more than the allowance" : ""}
      </p>
      <div className={styles.inline}>
        <button type="submit" className={styles.primary} disabled={!ready || busy}>
          {busy ? "Choosing…" : "Confirm choice"}
        </button>
      </div>
    </form>
  );
}
