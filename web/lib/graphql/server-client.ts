import { Client, fetchExchange } from "@urql/core";
import { env } from "../env";

/**
 * A client per request: the token differs per viewer, and nothing may be cached across viewers.
 * POST only: Apollo's CSRF prevention rejects GET requests without a preflight header.
 * `extraHeaders`: e.g. the browser's user agent and address, forwarded for the hub's records.
 */
export function gatewayClient(token?: string, extraHeaders: Record<string, string> = {}): Client {
  const { gatewayUrl, gatewayTimeoutMs } = env();
  const headers: Record<string, string> = { ...extraHeaders, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return new Client({
    url: gatewayUrl,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    requestPolicy: "network-only",
    fetchOptions: { headers, cache: "no-store" },
    // urql sets its own abort signal, so the timeout is combined with it here.
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        signal: AbortSignal.any([AbortSignal.timeout(gatewayTimeoutMs), ...(init?.signal ? [init.signal] : [])]),
      }),
  });
}
