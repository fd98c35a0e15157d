// Where to go after signing in: a path of this site only, never another origin ("//evil.example", "https://…").
export const DEFAULT_RETURN_PATH = "/";

export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/")) return DEFAULT_RETURN_PATH;
  if (value.startsWith("//") || value.startsWith("/\\")) return DEFAULT_RETURN_PATH;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20)) return DEFAULT_RETURN_PATH;
  return value;
}

/** The sign-in page's address, coming back to `path` afterwards. */
export function loginHref(path: string, reason?: string): string {
  const params = new URLSearchParams();
  if (reason) params.set("reason", reason);
  if (path !== DEFAULT_RETURN_PATH) params.set("next", path);
  const search = params.toString();
  return search ? `/login?${search}` : "/login";
}
