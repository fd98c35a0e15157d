// POST /internal/card-code-imports?skuId=<id>: a platform operator's card-code
// CSV, streamed from the gateway (POST /uploads/card-codes) straight into the
// importer; nothing holds the whole file. The answer is NDJSON, one line per
// event as it happens: `started` (the import id, queryable as codeImport(id)),
// `progress` after each committed batch, and `finished` with the report.
// Refusals before any row is read are plain JSON with a 4xx status.
import { pipeline, Transform, type TransformCallback } from "node:stream";
import express from "express";
import type { Identity, Logger } from "@benefits-hub/platform";
import type { CodeImportRow } from "./data/codes/card-code.repository";
import type { CodeImporter } from "./domain/codes/code-importer";
import { isOperator } from "./domain/catalog.service";
import { isUuid } from "./domain/ids";

/** The benchmark's million codes (20 characters, PINs, expiry dates) are 30 MiB; anything far beyond is refused. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export function codeImportRoute(importer: CodeImporter, log: Logger) {
  return (app: express.Express) => {
    app.post("/internal/card-code-imports", async (req, res, next) => {
      const viewer = res.locals.viewer as Identity;
      if (!isOperator(viewer)) {
        res.status(403).json({ error: "Only platform operators import card codes" });
        return;
      }
      const skuId = req.query.skuId;
      if (typeof skuId !== "string" || !isUuid(skuId)) {
        res.status(400).json({ error: "skuId must be the id of a SKU" });
        return;
      }
      const type = req.header("content-type") ?? "";
      if (!/^(text\/csv|text\/plain|application\/octet-stream)\b/i.test(type)) {
        res.status(415).json({ error: "Send the file as text/csv" });
        return;
      }
      try {
        const refusal = await importer.checkSku(skuId);
        if (refusal) {
          res.status(refusal.code === "NOT_FOUND" ? 404 : 422).json({ error: refusal.message, code: refusal.code });
          return;
        }
        const line = (event: object) => {
          if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
        };
        // pipeline: an aborted upload or a file over the limit fails the stream the importer reads.
        const body = pipeline(req, byteLimit(MAX_UPLOAD_BYTES), () => {});
        const result = await importer.run(body, skuId, viewer, {
          started: (importId) => {
            res.status(200).setHeader("content-type", "application/x-ndjson; charset=utf-8");
            line({ event: "started", importId });
          },
          progress: (progress) => line({ event: "progress", ...progress }),
        });
        if ("code" in result) {
          // The SKU changed between the check and the start (archived meanwhile).
          res.status(422).json({ error: result.message, code: result.code });
          return;
        }
        line({ event: "finished", import: importView(result) });
        res.end();
      } catch (error) {
        log.error({ error: (error as Error).name }, "card-code import route failed");
        if (res.headersSent) res.end();
        else next(error);
      }
    });
  };
}

/** What the uploader sees of a finished import: counts, status and the per-row report (never a code). */
export function importView(row: CodeImportRow) {
  return {
    id: row.id,
    skuId: row.skuId,
    status: row.status,
    processedRows: row.processedRows,
    importedRows: row.importedRows,
    rejectedRows: row.rejectedRows,
    problems: row.report,
    error: row.error,
  };
}

export class UploadTooLarge extends Error {
  override name = "UploadTooLarge";
  constructor(limit: number) {
    super(`The file is larger than ${Math.round(limit / 1024 / 1024)} MB`);
  }
}

/** Passes bytes through until `limit`, then fails the stream. */
function byteLimit(limit: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) callback(new UploadTooLarge(limit));
      else callback(null, chunk);
    },
  });
}
