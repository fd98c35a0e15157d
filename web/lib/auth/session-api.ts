// Membership's session operations, called by this server only: refresh (with rotation), logout (revokes the
// refresh token's whole session) and websocket tickets for the live dashboard.
import { gql } from "@urql/core";
import { describeError } from "../graphql/errors";
import { gatewayClient } from "../graphql/server-client";
import type { SessionTokens } from "./session";

interface RefreshData {
  refreshSession: {
    accessToken: string | null;
    expiresIn: number | null;
    refreshToken: string | null;
    errors: { code: string }[];
  };
}

const RefreshMutation = gql<RefreshData, { input: { refreshToken: string } }>`
  mutation RefreshSession($input: RefreshSessionInput!) {
    refreshSession(input: $input) {
      accessToken
      expiresIn
      refreshToken
      errors {
        code
      }
    }
  }
`;

const LogoutMutation = gql<{ logout: { loggedOut: boolean } }, { input: { refreshToken: string } }>`
  mutation Logout($input: LogoutInput!) {
    logout(input: $input) {
      loggedOut
    }
  }
`;

interface TicketData {
  issueLiveTicket: { ticket: string | null; expiresIn: number | null; errors: { code: string }[] };
}

const LiveTicketMutation = gql<TicketData, Record<string, never>>`
  mutation IssueLiveTicket {
    issueLiveTicket {
      ticket
      expiresIn
      errors {
        code
      }
    }
  }
`;

/** Why a refresh gave no session: the token is no good (sign in again), or the hub could not be asked. */
export type RefreshOutcome = { ok: true; tokens: SessionTokens } | { ok: false; reason: "refused" | "unavailable" };

export async function refreshTokens(refreshToken: string, headers: Record<string, string>): Promise<RefreshOutcome> {
  const result = await gatewayClient(undefined, headers)
    .mutation(RefreshMutation, { input: { refreshToken } })
    .toPromise();
  if (result.error) {
    console.error(describeError("Refresh", result.error));
    return { ok: false, reason: result.error.networkError ? "unavailable" : "refused" };
  }
  const payload = result.data?.refreshSession;
  if (!payload?.accessToken || !payload.refreshToken || !payload.expiresIn) return { ok: false, reason: "refused" };
  return {
    ok: true,
    tokens: { accessToken: payload.accessToken, expiresIn: payload.expiresIn, refreshToken: payload.refreshToken },
  };
}

/** Ends the session server-side; false when the hub could not be told (the cookies go anyway). */
export async function revokeSession(refreshToken: string, headers: Record<string, string>): Promise<boolean> {
  const result = await gatewayClient(undefined, headers)
    .mutation(LogoutMutation, { input: { refreshToken } })
    .toPromise();
  if (result.error) console.error(describeError("Logout", result.error));
  return !result.error;
}

export type TicketOutcome = { ok: true; ticket: string } | { ok: false; status: 401 | 403 | 503 };

export async function liveTicket(accessToken: string, headers: Record<string, string>): Promise<TicketOutcome> {
  const result = await gatewayClient(accessToken, headers).mutation(LiveTicketMutation, {}).toPromise();
  if (result.error) {
    console.error(describeError("Live ticket", result.error));
    if (result.error.networkError) return { ok: false, status: 503 };
    const codes = result.error.graphQLErrors.map((e) => e.extensions["code"]);
    return { ok: false, status: codes.includes("FORBIDDEN") ? 403 : 401 };
  }
  const ticket = result.data?.issueLiveTicket.ticket;
  return ticket ? { ok: true, ticket } : { ok: false, status: 401 };
}
