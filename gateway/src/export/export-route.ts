// GET /export/cockpit.csv and /export/cockpit.xlsx: cockpit exports, which do
// not fit GraphQL (a file of 100,000+ rows, streamed). The caller is
// identified exactly like a GraphQL request (the same credential code:
// `Bearer <access token>` or `ApiKey <key>`), the identity is signed for the
// analytics subgraph, and its /export route's answer is streamed back as it
// comes (status, type and file name included). Analytics checks the query
// string and decides who may export what; the gateway refuses anonymous callers.
import http from "node:http";
import type express from "express";
import {
  IDENTITY_HEADER,
  graphqlErrorBody,
  type InternalTokenCodec,
  type Logger,
  type RequestOrigin,
} from "@benefits-hub/platform";
import { CallerError, identifyCaller, type Credentials } from "../caller";

export interface ExportRouteOptions {
  /** The analytics subgraph's origin (http://host:port). */
  analyticsOrigin: string;
  credentials: Credentials;
  identities: InternalTokenCodec;
  originOf(req: express.Request): RequestOrigin;
  log: Logger;
  /** Exports streaming at once through this gateway; more are refused with 429 (default 8). */
  maxConcurrent?: number;
}

export const EXPORT_PATHS = ["/export/cockpit.csv", "/export/cockpit.xlsx"] as const;

/** Headers of analytics' answer that reach the caller. */
const PASSED_HEADERS = ["content-type", "content-disposition", "cache-control", "x-content-type-options"];

export function exportRoutes(options: ExportRouteOptions) {
  const maxConcurrent = options.maxConcurrent ?? 8;
  let streaming = 0;
  const handler: express.RequestHandler = async (req, res) => {
    let token: string;
    try {
      const identity = await identifyCaller(req.headers.authorization, options.credentials);
      if (identity.kind === "anonymous") {
        refuse(res, 401, "UNAUTHENTICATED", "Sign in to export");
        return;
      }
      token = await options.identities.sign(identity, options.originOf(req));
    } catch (error) {
      if (!(error instanceof CallerError)) throw error;
      refuse(res, 401, "UNAUTHENTICATED", error.message);
      return;
    }
    if (streaming >= maxConcurrent) {
      res.setHeader("retry-after", "5");
      refuse(res, 429, "TOO_MANY_REQUESTS", "Too many exports at once; try again shortly");
      return;
    }
    streaming++;
    let released = false;
    const release = () => {
      if (!released) streaming--;
      released = true;
    };
    const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
    const upstream = http.get(new URL(`${req.path}${query}`, options.analyticsOrigin), {
      headers: { [IDENTITY_HEADER]: token, "accept-encoding": "identity" },
    });
    upstream.on("response", (answer) => {
      res.status(answer.statusCode ?? 502);
      for (const name of PASSED_HEADERS) {
        const value = answer.headers[name];
        if (value !== undefined) res.setHeader(name, value);
      }
      // Analytics cut its answer short (a failure mid-stream): so does the gateway, the file is not whole.
      answer.on("aborted", () => res.destroy());
      answer.on("error", () => res.destroy());
      answer.pipe(res);
    });
    upstream.on("error", (error) => {
      release();
      options.log.warn({ error: error.name, code: (error as NodeJS.ErrnoException).code }, "export upstream failed");
      if (!res.headersSent) refuse(res, 502, "SERVICE_UNAVAILABLE", "Analytics is unavailable; try again shortly");
      else res.destroy();
    });
    // A caller who goes away mid-download: analytics stops reading pages.
    res.on("close", () => {
      release();
      if (!res.writableFinished) upstream.destroy();
    });
  };
  return (app: express.Express) => {
    for (const path of EXPORT_PATHS) app.get(path, handler);
  };
}

function refuse(res: express.Response, status: number, code: string, message: string) {
  res.status(status).setHeader("cache-control", "no-store").json(graphqlErrorBody(code, message));
}
