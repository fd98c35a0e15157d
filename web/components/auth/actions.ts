// Server actions: sign in (then back to the page that asked for it) and sign out.
"use server";

import { redirect } from "next/navigation";
import { safeReturnPath } from "@/lib/auth/return-path";
import { clearToken, storeToken } from "@/lib/auth/session";
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

  const result = await login(email, password);
  if (!result.ok) return { error: result.message, email };

  await storeToken(result.accessToken, result.expiresIn);
  redirect(next);
}

export async function logoutAction(): Promise<void> {
  await clearToken();
  redirect("/login");
}
