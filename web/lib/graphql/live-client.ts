// Browser side: a urql client whose subscriptions run over one graphql-ws connection.
import { Client, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient } from "graphql-ws";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "disconnected";

export interface LiveClient {
  client: Client;
  dispose: () => void;
}

const MAX_RETRY_WAIT_MS = 10_000;
const FORBIDDEN_CLOSE_CODE = 4403;

/** A rejected token stays rejected: retrying with it only delays showing "disconnected". */
function shouldRetry(errOrCloseEvent: unknown): boolean {
  const code = (errOrCloseEvent as { code?: unknown } | null)?.code;
  return code !== FORBIDDEN_CLOSE_CODE;
}

export function createLiveClient(
  wsUrl: string,
  token: string,
  onStatus: (status: ConnectionStatus) => void,
): LiveClient {
  const ws = createWsClient({
    url: wsUrl,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 30,
    shouldRetry,
    retryWait: async (retries) => {
      const wait = Math.min(MAX_RETRY_WAIT_MS, 500 * 2 ** retries) + Math.random() * 500;
      await new Promise((resolve) => setTimeout(resolve, wait));
    },
    on: {
      connecting: (isRetry) => onStatus(isRetry ? "reconnecting" : "connecting"),
      connected: () => onStatus("live"),
      closed: () => onStatus("reconnecting"),
    },
  });

  const client = new Client({
    // Queries never go through this client; the url only satisfies the constructor.
    url: wsUrl,
    exchanges: [
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? "" };
          return {
            subscribe(sink) {
              return { unsubscribe: ws.subscribe(input, sink) };
            },
          };
        },
      }),
    ],
  });

  return { client, dispose: () => void ws.dispose() };
}
