"use client";
// The sign-in form; `next` is where the visitor goes once signed in.

import { useActionState } from "react";
import { loginAction, type LoginState } from "./actions";
import styles from "./login-form.module.css";

export function LoginForm({ notice, next }: { notice?: string | undefined; next: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, {});
  const message = state.error ?? notice;
  return (
    <form action={action} className={styles.form}>
      <h1 className={styles.title}>Sign in</h1>
      <p className={styles.lead}>
        Sign in with your work account: members browse their benefits, enterprise admins read the dashboard.
      </p>
      {message && (
        <p role="alert" className={styles.error} data-testid="login-error">
          {message}
        </p>
      )}
      <input type="hidden" name="next" value={next} />
      <label className={styles.field}>
        <span>Email</span>
        <input name="email" type="email" autoComplete="username" required defaultValue={state.email} />
      </label>
      <label className={styles.field}>
        <span>Password</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" className={styles.submit} disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
