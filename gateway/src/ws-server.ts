// graphql-ws on the gateway's /graphql: subscriptions run through the
// subscription executor, queries and mutations through Apollo Server. The
// credentials of connection_init are checked again before every operation;
// a connection is closed (4401, with the reason) when its access token or
// live ticket expires or its API key or session is revoked. Every document
// passes the same limits as on HTTP; frames are limited in size.
import type http from "node:http";
import type { ApolloServer } from "@apollo/server";
import { GraphQLError, getOperationAST, validate, type ExecutionArgs } from "graphql";
import { WebSocketServer } from "ws";
import { handleProtocols, makeServer } from "graphql-ws";
import type { InternalTokenCodec, Logger } from "@benefits-hub/platform";
import { CallerError, callerOrigin } from "./caller";
import { gatewayContext, type GatewayContext } from "./context";
import { checkDocumentLimits, defaultDocumentLimits, parseWithinLimits, type DocumentLimits } from "./limits";
import type { Revocations } from "./revocations";
import type { SubscriptionExecutor } from "./subscriptions/executor";
import type { SupergraphPlanner } from "./subscriptions/planner";
import { UpstreamConnections } from "./subscriptions/upstream";
import {
  CREDENTIAL_ENDED,
  connectionCredential,
  credentialEnded,
  type ConnectionCredential,
  type WsCredentials,
} from "./subscriptions/ws-credentials";
import { closeSocket, serveGraphQLWs, type SocketExtra } from "./subscriptions/ws-transport";

/** The largest websocket frame accepted by default (1 MiB); larger ones close the socket with 1009. */
export const DEFAULT_WS_MAX_PAYLOAD_BYTES = 1024 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface WsContext extends GatewayContext {
  upstream: UpstreamConnections;
  /** The operation's own text, for Apollo. */
  query?: string;
}

interface Connection {
  acknowledged: boolean;
  credential?: ConnectionCredential;
  context?: WsContext;
  endTimer?: NodeJS.Timeout;
  end(reason: string): void;
}

export interface WsServerOptions {
  httpServer: http.Server;
  apollo: ApolloServer<GatewayContext>;
  planner: SupergraphPlanner;
  executor: SubscriptionExecutor;
  subgraphWsUrls: Record<string, string>;
  credentials: WsCredentials;
  identities: InternalTokenCodec;
  log: Logger;
  /** The same document limits as HTTP. */
  limits?: DocumentLimits;
  /** Revocations of API keys and sessions close the connections using them. */
  revocations?: Revocations;
  /** Take the caller's address from X-Forwarded-For of the upgrade request. */
  trustProxy?: boolean;
  maxPayloadBytes?: number;
}

export function startWsServer(options: WsServerOptions) {
  const { log, credentials, planner } = options;
  const limits = options.limits ?? defaultDocumentLimits;
  const schema = planner.apiGraphQLSchema;
  const open = new Set<Connection>();
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: "/graphql",
    maxPayload: options.maxPayloadBytes ?? DEFAULT_WS_MAX_PAYLOAD_BYTES,
    handleProtocols: (protocols) => handleProtocols(protocols),
  });

  const server = makeServer<Record<string, unknown>, SocketExtra<Connection>>({
    schema,
    onConnect: async (ctx) => {
      const connection = ctx.extra.connection;
      try {
        const credential = await connectionCredential(ctx.connectionParams, credentials);
        // Gone while its credentials were checked: nothing to keep (onClose has run already).
        if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return false;
        const base = gatewayContext(
          credential.identity,
          options.identities,
          callerOrigin(ctx.extra.request, options.trustProxy ?? false),
        );
        connection.credential = credential;
        connection.context = { ...base, upstream: new UpstreamConnections(options.subgraphWsUrls, base) };
        if (credential.endsAt !== undefined) {
          const ending = credential.subscriptionsOnly
            ? "The live ticket's session expired"
            : "The access token expired";
          const delay = Math.min(Math.max(credential.endsAt - Date.now(), 0), MAX_TIMER_MS);
          connection.endTimer = setTimeout(() => connection.end(ending), delay);
        }
        open.add(connection);
        connection.acknowledged = true;
        return true;
      } catch (error) {
        if (!(error instanceof CallerError)) throw error;
        log.info({ reason: error.message }, "websocket refused");
        closeSocket(ctx.extra.socket, 4403, `Forbidden: ${error.message}`);
        return false;
      }
    },
    onSubscribe: async (ctx, id, payload) => {
      const connection = ctx.extra.connection;
      let ended: string | null;
      try {
        ended = await credentialEnded(connection.credential!, credentials);
      } catch (error) {
        log.warn({ err: error instanceof Error ? error.message : String(error) }, "websocket credentials not checked");
        return [error_("The credentials could not be checked; try again", "SERVICE_UNAVAILABLE")];
      }
      if (ended) {
        setImmediate(() => connection.end(ended));
        return [error_(ended, "UNAUTHENTICATED")];
      }
      const parsed = parseWithinLimits(payload.query, limits);
      if (parsed.error) return [parsed.error];
      const variables = (payload.variables ?? {}) as Record<string, unknown>;
      const operationName = payload.operationName ?? undefined;
      const limited = checkDocumentLimits(schema, parsed.document, { operationName, variables }, limits);
      if (limited.length > 0) return [...limited];
      const invalid = validate(schema, parsed.document);
      if (invalid.length > 0) return invalid.map(asValidationError);
      const operation = getOperationAST(parsed.document, operationName);
      if (operation && operation.operation !== "subscription" && connection.credential!.subscriptionsOnly) {
        return [error_("A live ticket allows subscriptions only", "FORBIDDEN")];
      }
      ctx.extra.operations.add(id);
      const args: ExecutionArgs = {
        schema,
        document: parsed.document,
        operationName,
        variableValues: variables,
        contextValue: { ...connection.context!, query: payload.query },
      };
      return args;
    },
    subscribe: (args) => {
      const context = args.contextValue as WsContext;
      return options.executor.subscribe({
        document: args.document,
        operationName: args.operationName,
        variables: (args.variableValues ?? {}) as Record<string, unknown>,
        context,
        upstream: context.upstream,
      });
    },
    execute: async (args) => {
      const { query, ...context } = args.contextValue as WsContext;
      const response = await options.apollo.executeOperation(
        {
          query,
          operationName: args.operationName ?? undefined,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
        },
        { contextValue: context },
      );
      if (response.body.kind !== "single")
        return { errors: [error_("Incremental delivery is not supported", "BAD_REQUEST")] };
      return response.body.singleResult as never;
    },
    // Apollo's results carry formatted errors already; graphql-ws would call toJSON on them.
    onNext: (_ctx, _id, _payload, _args, result) => ({
      ...result,
      ...(result.errors ? { errors: result.errors.map((e) => (e instanceof GraphQLError ? e.toJSON() : e)) } : {}),
    }),
    onComplete: (ctx, id) => void ctx.extra.operations.delete(id),
    onError: (ctx, id) => void ctx.extra.operations.delete(id),
    onClose: async (ctx) => {
      const connection = ctx.extra.connection;
      clearTimeout(connection.endTimer);
      open.delete(connection);
      await connection.context?.upstream.closeAll();
    },
  });

  serveGraphQLWs(
    wss,
    server,
    (socket): Connection => ({
      acknowledged: false,
      end: (reason) => {
        log.info({ reason }, "websocket closed: its credentials ended");
        closeSocket(socket, CREDENTIAL_ENDED, reason);
      },
    }),
    log,
  );

  const stopRevocations = options.revocations?.onRevoked((revocation) => {
    for (const connection of open) {
      const identity = connection.credential?.identity;
      if (revocation.kind === "apiKey" && identity?.kind === "partner" && identity.apiKeyId === revocation.apiKeyId) {
        connection.end("The API key was revoked");
      }
      if (revocation.kind === "session" && identity?.kind === "member" && identity.sessionId === revocation.sessionId) {
        connection.end("The session has ended");
      }
    }
  });
  // Revocations sent while pub/sub was away were missed: ask again for every key in use.
  const stopMissed = options.revocations?.onMissed(() => {
    for (const connection of open) {
      if (connection.credential?.identity.kind !== "partner") continue;
      void credentialEnded(connection.credential, credentials).then(
        (ended) => ended && connection.end(ended),
        () => {},
      );
    }
  });

  return {
    /** Connections open now (acknowledged). */
    connections: () => open.size,
    async close() {
      stopRevocations?.();
      stopMissed?.();
      for (const client of wss.clients) client.close(1001, "Going away");
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** As Apollo answers them over HTTP. */
const asValidationError = (error: GraphQLError) =>
  new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { ...error.extensions, code: "GRAPHQL_VALIDATION_FAILED" },
  });

function error_(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
