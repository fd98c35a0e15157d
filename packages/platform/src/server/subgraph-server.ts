// One subgraph service: @apollo/subgraph schema behind graphql-shield (default
// deny), served by @apollo/server over HTTP and by graphql-ws for
// subscriptions on the same path, plus /health. Every request must carry an
// identity signed by the gateway; without one it gets nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { GraphQLError, type DocumentNode } from "graphql";
import { shield, deny, type IRules } from "graphql-shield";
import { applyMiddleware } from "graphql-middleware";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { Logger } from "pino";
import { IDENTITY_HEADER, IdentityError, internalTokenCodec } from "../identity/internal-token";
import type { Identity } from "../identity/identity";
import { runWithOrigin } from "./request-origin";
import { GRAPHQL_JSON_TYPES, jsonErrorHandler, jsonNotFound, requireGraphQLMethodAndType } from "./http-errors";
import type { BaseContext } from "./context";

export interface SubgraphOptions<Ctx extends BaseContext> {
  name: string;
  port: number;
  host?: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<Ctx>;
  /** The shield map; anything it does not name is denied. */
  permissions: IRules;
  createContext(viewer: Identity, log: Logger): Ctx;
  internalSecret: string;
  log: Logger;
  /** Readiness probe, e.g. a database ping. */
  checkHealth?: () => Promise<void>;
  /** Extra routes for service-to-service calls; they see `res.locals.viewer`. */
  routes?: (app: express.Express) => void;
  production?: boolean;
  /** Stack traces in error answers (local development only; the log has them anyway). */
  development?: boolean;
  /**
   * Benchmarks only (bench/identity.ts measures the permission layer's cost): `false` serves the schema
   * WITHOUT graphql-shield, so nothing is denied. Default true; never set it anywhere else.
   */
  applyPermissions?: boolean;
}

export interface RunningSubgraph {
  url: string;
  wsUrl: string;
  port: number;
  /** Open graphql-ws connections (subscriptions in flight come through these). */
  wsConnections(): number;
  close(): Promise<void>;
}

const forbidden = new GraphQLError("Not authorised", { extensions: { code: "FORBIDDEN" } });

export async function startSubgraph<Ctx extends BaseContext>(options: SubgraphOptions<Ctx>): Promise<RunningSubgraph> {
  const { log } = options;
  const identities = internalTokenCodec(options.internalSecret);
  const subgraphSchema = buildSubgraphSchema({
    typeDefs: options.typeDefs,
    resolvers: options.resolvers as GraphQLResolverMap<unknown>,
  });
  const schema =
    options.applyPermissions === false
      ? subgraphSchema
      : applyMiddleware(
          subgraphSchema,
          shield(options.permissions, { fallbackRule: deny, fallbackError: forbidden, allowExternalErrors: true }),
        );

  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  // Longer than the gateway's pooled-connection idle time, so reused sockets are not cut under it.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const wsCleanup = useServer<{ identity?: string }, { viewer?: Identity }>(
    {
      schema,
      onConnect: async (ctx) => {
        try {
          ctx.extra.viewer = await identities.verify(ctx.connectionParams?.identity);
          return true;
        } catch (error) {
          log.warn({ err: describe(error) }, "websocket refused: no valid identity");
          return false;
        }
      },
      context: (ctx) => options.createContext(ctx.extra.viewer!, log),
      onError: (_ctx, _id, _payload, errors) => {
        log.warn({ errors: errors.map((e) => e.message) }, "subscription error");
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<Ctx>({
    schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: options.development === true,
    formatError: (formatted, error) => maskUnexpected(formatted, error, log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Traces are for Apollo's hosted reporting, which the hub does not use.
      ApolloServerPluginInlineTraceDisabled(),
      requestLogPlugin(log),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get("/health", async (_req, res) => {
    try {
      await options.checkHealth?.();
      res.json({ status: "ok", service: options.name });
    } catch (error) {
      log.error({ err: describe(error) }, "health check failed");
      res.status(503).json({ status: "unavailable", service: options.name });
    }
  });

  const authenticate: express.RequestHandler = async (req, res, next) => {
    try {
      const { identity, origin } = await identities.verifyRequest(req.header(IDENTITY_HEADER));
      res.locals.viewer = identity;
      res.locals.origin = origin;
      next();
    } catch (error) {
      if (!(error instanceof IdentityError)) return next(error);
      log.warn({ path: req.path, reason: error.message }, "request refused: no valid identity");
      res.status(401).json({
        errors: [{ message: "Requests must come through the gateway", extensions: { code: "UNAUTHENTICATED" } }],
      });
    }
  };

  app.use(authenticate);
  options.routes?.(app);
  app.use(
    "/graphql",
    requireGraphQLMethodAndType,
    // 16 MB: a member import sends its CSV (20,000 rows) as one GraphQL string.
    express.json({ limit: "16mb", type: GRAPHQL_JSON_TYPES }),
    // After the body is read (stream events run in the connection's async context). Only mutations
    // write the audit trail, and an AsyncLocalStorage makes every promise of a request dearer.
    (req: express.Request, res: express.Response, next: express.NextFunction) =>
      isMutation(req.body) ? runWithOrigin(res.locals.origin, next) : next(),
    expressMiddleware(apollo, {
      context: async ({ res }) => options.createContext(res.locals.viewer as Identity, log),
    }),
  );

  // A malformed body, an unknown path, an error a route did not expect: a JSON error, never an HTML page.
  app.use(jsonNotFound);
  app.use(jsonErrorHandler(log));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    // A deep accept queue: a flash sale opens thousands of connections at once.
    httpServer.listen({ port: options.port, host: options.host ?? "127.0.0.1", backlog: 4096 }, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  log.info({ port }, `${options.name} subgraph listening`);

  return {
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    port,
    wsConnections: () => wsServer.clients.size,
    async close() {
      for (const client of wsServer.clients) client.close(1001, "Going away");
      await apollo.stop();
      wsServer.close();
    },
  };
}

function requestLogPlugin(log: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      return {
        async willSendResponse({ errors }) {
          log.debug(
            {
              operation: request.operationName,
              ms: Math.round(performance.now() - started),
              errors: errors?.length ?? 0,
            },
            "graphql request",
          );
        },
      };
    },
  };
}

/** Expected errors keep their message; anything else is logged and hidden. */
function maskUnexpected(
  formatted: { message: string; extensions?: Record<string, unknown> },
  error: unknown,
  log: Logger,
) {
  const code = formatted.extensions?.code;
  if (code && code !== "INTERNAL_SERVER_ERROR") return formatted;
  log.error({ err: describe(error) }, "unexpected error in resolver");
  return { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

export function describe(error: unknown): { message: string; name?: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { message: String(error) };
}

const isMutation = (body: unknown) =>
  typeof (body as { query?: unknown } | undefined)?.query === "string" &&
  /^\s*mutation\b/.test((body as { query: string }).query);
