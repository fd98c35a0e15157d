// POST /uploads/card-codes?skuId=<id>: file uploads that do not fit GraphQL.
// The caller is identified like any GraphQL request; the body is streamed to
// the catalog's internal route with the caller's signed identity, and the
// catalog's answer (NDJSON progress, then the report) is streamed back. The
// catalog decides who may import; the gateway only refuses anonymous callers.
import http from "node:http";
import type express from "express";
import {
  IDENTITY_HEADER,
  graphqlErrorBody,
  type InternalTokenCodec,
  type Logger,
  type RequestOrigin,
} from "@benefits-hub/platform";
import { CallerError, identifyCaller, type Credentials } from "./caller";

export interface UploadRouteOptions {
  /** The catalog's origin (http://host:port). */
  catalogOrigin: string;
  credentials: Credentials;
  identities: InternalTokenCodec;
  originOf(req: express.Request): RequestOrigin;
  log: Logger;
}

export function uploadRoutes(options: UploadRouteOptions) {
  return (app: express.Express) => {
    app.post("/uploads/card-codes", async (req, res) => {
      let token: string;
      try {
        const identity = await identifyCaller(req.headers.authorization, options.credentials);
        if (identity.kind === "anonymous") {
          refuse(res, 401, "UNAUTHENTICATED", "Sign in as a platform operator to import card codes");
          return;
        }
        token = await options.identities.sign(identity, options.originOf(req));
      } catch (error) {
        if (!(error instanceof CallerError)) throw error;
        refuse(res, 401, "UNAUTHENTICATED", error.message);
        return;
      }
      const query = new URLSearchParams();
      if (typeof req.query.skuId === "string") query.set("skuId", req.query.skuId);
      const upstream = http.request(new URL(`/internal/card-code-imports?${query}`, options.catalogOrigin), {
        method: "POST",
        headers: {
          [IDENTITY_HEADER]: token,
          "content-type": req.header("content-type") ?? "application/octet-stream",
          ...(req.header("content-length") ? { "content-length": req.header("content-length") } : {}),
        },
      });
      upstream.on("response", (answer) => {
        res.status(answer.statusCode ?? 502);
        const type = answer.headers["content-type"];
        if (type) res.setHeader("content-type", type);
        answer.pipe(res);
      });
      upstream.on("error", (error) => {
        options.log.warn({ error: error.name, code: (error as NodeJS.ErrnoException).code }, "card-code upload failed");
        if (!res.headersSent)
          refuse(res, 502, "SERVICE_UNAVAILABLE", "The catalog is unavailable; nothing was imported");
        else res.end();
      });
      // A caller who goes away mid-upload: the catalog sees the stream end early and fails the import cleanly.
      res.on("close", () => {
        if (!res.writableFinished) upstream.destroy();
      });
      req.pipe(upstream);
    });
  };
}

/** A GraphQL-style error body, with `error` too for the web app's upload form (and the catalog's own answers). */
function refuse(res: express.Response, status: number, code: string, message: string) {
  res.status(status).json({ error: message, ...graphqlErrorBody(code, message) });
}
