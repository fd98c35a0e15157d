// Sign-in page: `?next=` says where to return, `?reason=` why the visitor was sent here.
import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";
import { safeReturnPath } from "@/lib/auth/return-path";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  expired: "Your session has ended. Please sign in again.",
  forbidden: "That page is for enterprise admins. Sign in with an admin account.",
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ reason?: string | string[]; next?: string | string[] }>;
}) {
  const { reason, next } = await searchParams;
  return <LoginForm notice={typeof reason === "string" ? NOTICES[reason] : undefined} next={safeReturnPath(next)} />;
}
