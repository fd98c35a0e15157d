// The gateway's view of its subgraphs: each one's /health, in parallel, bounded in time.
export type SubgraphStatus = "ok" | "unavailable";

export async function subgraphHealth(urls: Record<string, string>, timeoutMs = 1_000) {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL("/health", url), { signal: AbortSignal.timeout(timeoutMs) });
        return [name, response.ok ? "ok" : "unavailable"] as const;
      } catch {
        return [name, "unavailable"] as const;
      }
    }),
  );
  return Object.fromEntries(entries) as Record<string, SubgraphStatus>;
}
