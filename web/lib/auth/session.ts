import { cookies, headers } from "next/headers";

const TOKEN_COOKIE = "hub_token";

export async function readToken(): Promise<string | undefined> {
  return (await cookies()).get(TOKEN_COOKIE)?.value || undefined;
}

/** Secure when the page was served over https (behind a TLS proxy too); plain http on localhost keeps working. */
export async function servedOverHttps(): Promise<boolean> {
  const h = await headers();
  const proto = h.get("x-forwarded-proto") ?? h.get("origin")?.split(":")[0];
  return proto === "https";
}

export async function storeToken(token: string, expiresInSeconds: number): Promise<void> {
  (await cookies()).set(TOKEN_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: await servedOverHttps(),
    path: "/",
    maxAge: expiresInSeconds,
  });
}

export async function clearToken(): Promise<void> {
  (await cookies()).delete(TOKEN_COOKIE);
}
