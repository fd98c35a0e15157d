// The gateway: @apollo/gateway over the static supergraph for queries and
// mutations, our subscription executor over graphql-ws, one URL for both.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import cors from "cors";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloGateway, type ServiceMap } from "@apollo/gateway";
import { GraphQLError } from "graphql";
import {
  accessTokenCodec,
  internalTokenCodec,
  wsTicketCodec,
  jsonErrorHandler,
  jsonNotFound,
  type HubPubSub,
  type Logger,
} from "@benefits-hub/platform";
import { ApiKeyVerifier } from "./api-keys";
import { CallerError, callerOrigin, identifyCaller } from "./caller";
import { gatewayContext, type GatewayContext } from "./context";
import { IdentityForwardingDataSource } from "./datasource";
import { subgraphHealth } from "./health";
import { httpLimits, resolveDocumentLimits, type DocumentLimits } from "./limits";
import { SubscriptionExecutor } from "./subscriptions/executor";
import { SupergraphPlanner } from "./subscriptions/planner";
import { uploadRoutes } from "./uploads";
import { exportRoutes } from "./export/export-route";
import { startWsServer } from "./ws-server";
import { Revocations } from "./revocations";

export interface GatewayOptions {
  port: number;
  host?: string;
  supergraphSdl: string;
  /** HTTP GraphQL URL of each subgraph, by name. */
  subgraphUrls: Record<string, string>;
  internalSecret: string;
  authSecret: string;
  corsOrigins?: string[];
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy?: boolean;
  /** Hears revocations of API keys and sessions; without it a revoked key works until its cache entry expires. */
  pubsub?: HubPubSub;
  /** The largest websocket frame (default 1 MiB). */
  wsMaxPayloadBytes?: number;
  log: Logger;
  production?: boolean;
  /** Stack traces in error answers: for local development only. */
  development?: boolean;
  /** What one document may hold; unset ones take the defaults of gateway/src/limits/config.ts. */
  limits?: Partial<DocumentLimits>;
  /** Bytes of a JSON request body (default 16 MiB: a member import sends its CSV as one variable). */
  maxBodyBytes?: number;
}

export interface RunningGateway {
  url: string;
  wsUrl: string;
  port: number;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { log } = options;
  const identities = internalTokenCodec(options.internalSecret);
  const membershipUrl = new URL(options.subgraphUrls.membership ?? "http://127.0.0.1:4002/graphql").origin;
  // API keys and sessions revoked, heard on pub/sub: evicted, refused, their websockets closed.
  const revocations = new Revocations(options.pubsub, log);
  const apiKeys = new ApiKeyVerifier(membershipUrl, identities, revocations);
  const credentials = {
    tokens: accessTokenCodec(options.authSecret),
    apiKeys,
    revocations,
    tickets: wsTicketCodec(options.authSecret),
  };
  const dataSources: ServiceMap = {};
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const source = new IdentityForwardingDataSource(options.subgraphUrls[name] ?? url!);
      dataSources[name] = source;
      return source;
    },
  });

  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;

  const planner = new SupergraphPlanner(options.supergraphSdl);
  const limits = resolveDocumentLimits(options.limits);
  const guard = httpLimits({
    schema: planner.apiGraphQLSchema,
    limits,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    includeStacktraceInErrorResponses: options.development === true,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), guard.plugin],
  });
  await apollo.start();

  const executor = new SubscriptionExecutor(planner, dataSources, log);
  const subgraphWsUrls = Object.fromEntries(
    Object.entries(options.subgraphUrls).map(([name, url]) => [name, url.replace(/^http/, "ws")]),
  );
  const ws = startWsServer({
    httpServer,
    apollo,
    planner,
    executor,
    subgraphWsUrls,
    credentials,
    identities,
    log,
    limits,
    revocations,
    trustProxy: options.trustProxy ?? false,
    maxPayloadBytes: options.wsMaxPayloadBytes,
  });

  app.get("/health", async (_req, res) => {
    const subgraphs = await subgraphHealth(options.subgraphUrls);
    const ok = Object.values(subgraphs).every((s) => s === "ok");
    res.status(ok ? 200 : 503).json({ status: ok ? "ok" : "degraded", subgraphs });
  });

  uploadRoutes({
    catalogOrigin: new URL(options.subgraphUrls.catalog ?? "http://127.0.0.1:4001/graphql").origin,
    credentials,
    identities,
    originOf: (req) => originOf(req, options.trustProxy ?? false),
    log,
  })(app);

  exportRoutes({
    analyticsOrigin: new URL(options.subgraphUrls.analytics ?? "http://127.0.0.1:4004/graphql").origin,
    credentials,
    identities,
    originOf: (req) => originOf(req, options.trustProxy ?? false),
    log,
  })(app);

  app.use(
    "/graphql",
    cors({ origin: options.corsOrigins ?? [], credentials: false }),
    // Method, content type, body size, then the document limits, all before Apollo parses or validates.
    ...guard.handlers,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return gatewayContext(
            await identifyCaller(req.headers.authorization, credentials),
            identities,
            originOf(req, options.trustProxy ?? false),
          );
        } catch (error) {
          if (error instanceof CallerError) throw unauthenticated(error.message);
          throw error;
        }
      },
    }),
  );

  // Anything else, and errors no route expected: a JSON GraphQL error, never Express's HTML page.
  app.use(jsonNotFound);
  app.use(jsonErrorHandler(log));

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    // A deep accept queue: a flash sale opens thousands of connections at once.
    httpServer.listen({ port: options.port, host, backlog: 4096 }, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  log.info({ port }, "gateway listening");
  return {
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    port,
    async close() {
      await ws.close();
      await apollo.stop();
      apiKeys.close();
      await revocations.close();
    },
  };
}

/** The caller as the gateway saw it; behind a trusted proxy, the address it forwarded. */
const originOf = (req: express.Request, trustProxy: boolean) => callerOrigin(req, trustProxy);

const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
