// graphql-ws on the gateway's /graphql: subscriptions run through the
// subscription executor, queries and mutations through Apollo Server.
import type http from "node:http";
import type { ApolloServer } from "@apollo/server";
import { print } from "graphql";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { InternalTokenCodec, Logger } from "@benefits-hub/platform";
import { CallerError, identifyCaller, type Credentials } from "./caller";
import { gatewayContext, type GatewayContext } from "./context";
import type { SubscriptionExecutor } from "./subscriptions/executor";
import type { SupergraphPlanner } from "./subscriptions/planner";
import { UpstreamConnections } from "./subscriptions/upstream";

interface WsContext extends GatewayContext {
  upstream: UpstreamConnections;
}

export interface WsServerOptions {
  httpServer: http.Server;
  apollo: ApolloServer<GatewayContext>;
  planner: SupergraphPlanner;
  executor: SubscriptionExecutor;
  subgraphWsUrls: Record<string, string>;
  credentials: Credentials;
  identities: InternalTokenCodec;
  log: Logger;
}

export function startWsServer(options: WsServerOptions) {
  const { log } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: "/graphql" });
  const server = useServer<{ authorization?: unknown }, { context?: WsContext }>(
    {
      schema: options.planner.apiGraphQLSchema,
      onConnect: async (ctx) => {
        try {
          const identity = await identifyCaller(ctx.connectionParams?.authorization, options.credentials);
          const base = gatewayContext(identity, options.identities);
          ctx.extra.context = { ...base, upstream: new UpstreamConnections(options.subgraphWsUrls, base) };
          return true;
        } catch (error) {
          if (!(error instanceof CallerError)) throw error;
          log.info({ reason: error.message }, "websocket refused");
          return false;
        }
      },
      context: (ctx) => ctx.extra.context!,
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
        const response = await options.apollo.executeOperation(
          {
            query: print(args.document),
            operationName: args.operationName ?? undefined,
            variables: (args.variableValues ?? {}) as Record<string, unknown>,
          },
          { contextValue: args.contextValue as WsContext },
        );
        if (response.body.kind !== "single") throw new Error("incremental delivery is not supported over websocket");
        return response.body.singleResult as never;
      },
      onClose: async (ctx) => {
        await ctx.extra.context?.upstream.closeAll();
      },
    },
    wsServer,
  );
  return {
    async close() {
      for (const client of wsServer.clients) client.close(1001, "Going away");
      await server.dispose();
    },
  };
}
