// Server actions: sign in (then back to the page that asked for it) and sign out.
"use server";

import { redirect } from "next/navigation";
import { forwardedHeaders } from "@/lib/auth/request-facts";
import { safeReturnPath } from "@/lib/auth/return-path";
import { revokeSession } from "@/lib/auth/session-api";
import { clearSession, readRefreshToken, storeSession } from "@/lib/auth/session";
import { login } from "@/lib/graphql/membership";

export interface LoginState {
  error?: string;
  email?: string;
}

export async function loginAction(_previous: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const next = safeReturnPath(form.get("next"));
  if (!email || !password) return { error: "Enter your email and password.", email };

  const result = await login(email, password, await forwardedHeaders());
  if (!result.ok) return { error: result.message, email };

  await storeSession(result);
  redirect(next);
}

/** Ends the session at the hub too: its refresh token (and every token rotated from it) stops working. */
export async function logoutAction(): Promise<void> {
  const refreshToken = await readRefreshToken();
  if (refreshToken) await revokeSession(refreshToken, await forwardedHeaders());
  await clearSession();
  redirect("/login");
}
