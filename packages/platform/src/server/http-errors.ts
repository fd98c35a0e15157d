// Answers for requests that never reach GraphQL: a body that is not JSON, too
// large, in an unknown encoding, a route that does not exist, or an error a
// route did not expect. Always a JSON GraphQL error, never Express's HTML page
// or a stack trace; a server fault is logged here and not described to the caller.
import type express from "express";
import type { Logger } from "pino";

export interface HttpErrorBody {
  errors: { message: string; extensions: { code: string } & Record<string, unknown> }[];
}

export const graphqlErrorBody = (
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): HttpErrorBody => ({
  errors: [{ message, extensions: { code, ...extra } }],
});

export function sendHttpError(
  res: express.Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  res
    .status(status)
    .setHeader("cache-control", "no-store")
    .json(graphqlErrorBody(code, message, extra));
}

/** body-parser's error types (http-errors `type`), as the caller should read them. */
const BODY_ERRORS: Record<string, { code: string; message: (error: BodyError) => string }> = {
  "entity.parse.failed": { code: "BAD_REQUEST", message: () => "The request body is not valid JSON." },
  "entity.too.large": {
    code: "PAYLOAD_TOO_LARGE",
    message: (error) => `The request body is larger than ${error.limit ?? "the limit of"} bytes.`,
  },
  "entity.verify.failed": { code: "BAD_REQUEST", message: () => "The request body was refused." },
  "encoding.unsupported": { code: "UNSUPPORTED_MEDIA_TYPE", message: () => "The content encoding is not supported." },
  "charset.unsupported": { code: "UNSUPPORTED_MEDIA_TYPE", message: () => "Send the body as UTF-8." },
  "request.aborted": { code: "BAD_REQUEST", message: () => "The request body ended early." },
  "request.size.invalid": { code: "BAD_REQUEST", message: () => "The request body does not match its length." },
  "stream.encoding.set": { code: "BAD_REQUEST", message: () => "The request body could not be read." },
};

interface BodyError extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
  limit?: number;
}

/** The last error handler of an Express app. */
export function jsonErrorHandler(log: Logger): express.ErrorRequestHandler {
  return (error: BodyError, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const known = error.type ? BODY_ERRORS[error.type] : undefined;
      log.debug({ path: req.path, status, type: error.type }, "request refused");
      sendHttpError(res, status, known?.code ?? "BAD_REQUEST", known?.message(error) ?? "The request is malformed.");
      return;
    }
    log.error(
      { err: { name: error.name, message: error.message, stack: error.stack }, path: req.path },
      "request failed",
    );
    sendHttpError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
  };
}

/** For paths no route answers (after every route). */
export const jsonNotFound: express.RequestHandler = (req, res) =>
  sendHttpError(res, 404, "NOT_FOUND", `Nothing is served at ${req.method} ${req.path.slice(0, 200)}.`);

/** Media types a GraphQL POST body may have. */
export const GRAPHQL_JSON_TYPES = ["application/json", "application/graphql-response+json", "application/*+json"];

/** Before a GraphQL route's JSON parser: GET, or POST with a JSON body; anything else a JSON 405 or 415. */
export const requireGraphQLMethodAndType: express.RequestHandler = (req, res, next) => {
  if (req.method === "GET") return next();
  if (req.method !== "POST") {
    res.setHeader("allow", "GET, POST");
    return sendHttpError(res, 405, "METHOD_NOT_ALLOWED", "GraphQL is served over GET and POST.");
  }
  if (!req.is(GRAPHQL_JSON_TYPES)) {
    return sendHttpError(res, 415, "UNSUPPORTED_MEDIA_TYPE", "Send GraphQL requests as application/json.");
  }
  next();
};
