// Browser side: a urql client whose subscriptions run over one graphql-ws connection. The connection authenticates
// with a short-lived websocket ticket fetched from this site for every (re)connect (app/api/live-ticket), never
// with the member's access token, which stays in an httpOnly cookie.
import { Client, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient } from "graphql-ws";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "disconnected";

export interface LiveClient {
  client: Client;
  dispose: () => void;
}

export const LIVE_TICKET_PATH = "/api/live-ticket";
const MAX_RETRY_WAIT_MS = 10_000;
const FORBIDDEN_CLOSE_CODE = 4403;
const TICKET_ATTEMPTS = 5;

/** The session is gone (or never allowed this): retrying cannot help. */
class SignedOutError extends Error {
  readonly code = FORBIDDEN_CLOSE_CODE;
}

async function requestTicket(): Promise<string> {
  const response = await fetch(LIVE_TICKET_PATH, { method: "POST", credentials: "same-origin", cache: "no-store" });
  if (response.status === 401 || response.status === 403) throw new SignedOutError("no live ticket: signed out");
  if (!response.ok) throw new Error(`no live ticket: HTTP ${response.status}`);
  const { ticket } = (await response.json()) as { ticket?: unknown };
  if (typeof ticket !== "string") throw new Error("no live ticket in the answer");
  return ticket;
}

/**
 * A ticket for this connection attempt. graphql-ws gives up on a connection whose parameters fail, so a passing
 * failure (the hub restarting) is retried here; a signed-out session is not.
 */
async function fetchTicket(): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await requestTicket();
    } catch (error) {
      if (error instanceof SignedOutError || attempt >= TICKET_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RETRY_WAIT_MS, 1000 * 2 ** attempt)));
    }
  }
}

/** The gateway closes a connection with 4401 when the ticket's session expires: a new ticket opens a new one. */
const CREDENTIAL_EXPIRED_CLOSE_CODE = 4401;

export function credentialExpired(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === CREDENTIAL_EXPIRED_CLOSE_CODE;
}

/** A refused ticket or a closed session stays refused: retrying only delays showing "disconnected". */
function shouldRetry(errOrCloseEvent: unknown): boolean {
  const code = (errOrCloseEvent as { code?: unknown } | null)?.code;
  return code !== FORBIDDEN_CLOSE_CODE;
}

export function createLiveClient(wsUrl: string, onStatus: (status: ConnectionStatus) => void): LiveClient {
  const ws = createWsClient({
    url: wsUrl,
    connectionParams: async () => ({ ticket: await fetchTicket() }),
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
