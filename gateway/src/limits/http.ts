// The limits over HTTP. Before Apollo Server sees a request: the method and
// content type, the body's size, then the document's size and tokens (before
// it is parsed) and the rest of the limits (before GraphQL validation, whose
// cost grows with the document). An Apollo plugin applies the same limits to
// documents that came another way (a persisted query, a websocket query) and
// answers an operationName that names no operation with a 400.
import express from "express";
import { GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { GRAPHQL_JSON_TYPES, requireGraphQLMethodAndType } from "@benefits-hub/platform";
import type { DocumentLimits } from "./config";
import { checkDocumentLimits, costErrors, parseWithinLimits, structureErrors, type OperationRequest } from "./check";

export interface HttpLimitsOptions {
  schema: GraphQLSchema;
  limits: DocumentLimits;
  /** Bytes of a request body (JSON). A member import sends its CSV as a variable, so this is larger than a document. */
  maxBodyBytes: number;
}

/** Request bodies already checked here, so the plugin does not check them twice. */
type Checked = WeakSet<object>;

/** Accepted documents, by text: clients send the same few again and again. Small ones only, so the cache stays small. */
const CACHED_DOCUMENTS = 500;
const CACHED_DOCUMENT_BYTES = 4 * 1024;

export function httpLimits(options: HttpLimitsOptions) {
  const checked: Checked = new WeakSet();
  const body = express.json({ limit: options.maxBodyBytes, type: GRAPHQL_JSON_TYPES });
  const accepted = new Map<string, { document: DocumentNode; variableFree: boolean }>();
  const document: express.RequestHandler = (req, res, next) => {
    const payload = graphqlPayload(req);
    if (!payload) return next();
    // The operation chosen decides the cost, so it is part of the key.
    const key = `${payload.operationName ?? ""}\n${payload.query}`;
    let known = accepted.get(key);
    if (!known) {
      const parsed = parseWithinLimits(payload.query, options.limits);
      // A syntax error is Apollo's to answer, as GRAPHQL_PARSE_FAILED.
      if (parsed.error?.extensions.code === "GRAPHQL_PARSE_FAILED") return next();
      if (parsed.error) return sendLimitErrors(res, [parsed.error]);
      const refused = structureErrors(options.schema, parsed.document, options.limits);
      if (refused.length > 0) return sendLimitErrors(res, refused);
      known = { document: parsed.document, variableFree: !/\$/.test(payload.query) };
      const costly = costErrors(options.schema, known.document, payload, options.limits);
      if (costly.length > 0) return sendLimitErrors(res, costly);
      if (payload.query.length <= CACHED_DOCUMENT_BYTES) {
        if (accepted.size >= CACHED_DOCUMENTS) accepted.delete(accepted.keys().next().value!);
        accepted.set(key, known);
      }
    } else if (!known.variableFree) {
      // The page sizes may come from the variables: the cost is estimated again for each request.
      const costly = costErrors(options.schema, known.document, payload, options.limits);
      if (costly.length > 0) return sendLimitErrors(res, costly);
    }
    if (req.method === "POST") checked.add(req.body as object);
    next();
  };
  return { handlers: [requireGraphQLMethodAndType, body, document], plugin: limitsPlugin(options, checked) };
}

function limitsPlugin(options: HttpLimitsOptions, checked: Checked): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if (operation?.operation === "subscription") {
            throw new GraphQLError("Subscriptions are served over the websocket (graphql-ws) at this same URL.", {
              extensions: { code: "BAD_REQUEST", http: { status: 400 } },
            });
          }
          if (!operation) {
            throw new GraphQLError(
              request.operationName
                ? `The document has no operation named "${request.operationName.slice(0, 100)}".`
                : "Name the operation to run (operationName): the document has more than one, or none by that name.",
              { extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: 400 } } },
            );
          }
          const body = request.http?.body;
          if (body && typeof body === "object" && checked.has(body)) return;
          const [error] = checkDocumentLimits(options.schema, document, request, options.limits);
          if (error) throw error;
        },
      };
    },
  };
}

/** The GraphQL request in a POST body or GET query string, when it has a document to check. */
function graphqlPayload(req: express.Request): ({ query: string } & OperationRequest) | undefined {
  const source = (req.method === "POST" ? req.body : req.query) as Record<string, unknown> | undefined;
  if (!source || typeof source !== "object" || Array.isArray(source) || typeof source.query !== "string") return;
  let variables = source.variables;
  if (typeof variables === "string") {
    try {
      variables = JSON.parse(variables);
    } catch {
      return; // Apollo refuses variables that are not JSON.
    }
  }
  return {
    query: source.query,
    operationName: typeof source.operationName === "string" ? source.operationName : undefined,
    variables: variables && typeof variables === "object" ? (variables as Record<string, unknown>) : undefined,
  };
}

function sendLimitErrors(res: express.Response, errors: readonly GraphQLError[]) {
  const status = Number((errors[0]!.extensions.http as { status?: number } | undefined)?.status ?? 400);
  res
    .status(status)
    .setHeader("cache-control", "no-store")
    .json({
      errors: errors.map((error) => {
        const { http: _http, ...extensions } = error.extensions;
        return { message: error.message, ...(error.locations ? { locations: error.locations } : {}), extensions };
      }),
    });
}
