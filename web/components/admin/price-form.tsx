"use client";
// One offer's price form: works as a plain form post without JavaScript, inline messages with it.

import { useActionState } from "react";
import { yuanText } from "@/lib/yuan";
import styles from "./admin.module.css";
import { updatePriceAction, type PriceFormState } from "./shelf-actions";

export function PriceForm({ id, priceFen, label }: { id: string; priceFen: number; label: string }) {
  const [state, action, pending] = useActionState<PriceFormState, FormData>(updatePriceAction, { status: "idle" });
  const inputId = `price-${id}`;
  const messageId = `price-${id}-message`;
  return (
    <form action={action} className={styles.priceForm}>
      <input type="hidden" name="id" value={id} />
      <label htmlFor={inputId} className={styles.visuallyHidden}>
        New price for {label} (yuan)
      </label>
      <span className={styles.yuan} aria-hidden="true">
        ¥
      </span>
      <input
        id={inputId}
        name="price"
        inputMode="decimal"
        required
        size={8}
        defaultValue={state.price ?? yuanText(priceFen)}
        aria-invalid={state.status === "error" ? true : undefined}
        aria-describedby={state.message ? messageId : undefined}
      />
      <button type="submit" className={styles.save} disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </button>
      {state.message && (
        <p
          id={messageId}
          className={state.status === "error" ? styles.formError : styles.formSaved}
          role={state.status === "error" ? "alert" : "status"}
          data-testid="price-message"
        >
          {state.message}
        </p>
      )}
    </form>
  );
}
