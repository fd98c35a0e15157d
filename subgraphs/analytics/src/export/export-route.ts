// GET /export/cockpit.csv and /export/cockpit.xlsx: a cockpit report as a
// file, streamed. Like every route of a subgraph it sees only the identity the
// gateway signed (res.locals.viewer). The query string is checked (zod, then
// the cockpit's own filter rules) and the question asked before a byte is
// written, so a bad request gets a 4xx JSON error; once rows flow, a failure
// can only cut the response short (it is logged, and the client sees an
// incomplete transfer rather than a file that looks whole).
import type express from "express";
import { sendHttpError, type Identity, type Logger } from "@benefits-hub/platform";
import { CockpitInputError } from "../domain/cockpit/errors";
import type { DetailExportRepository } from "./detail.repository";
import { describeIssues, exportParams, type ExportFormat } from "./params";
import { buildExport, NotFoundError, type ExportQueries } from "./reports";
import { writeCsv, writeXlsx } from "./writers";

export interface ExportRouteOptions {
  detail: DetailExportRepository;
  queries: ExportQueries;
  log: Logger;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Who may export: those who may open the cockpit. Reconciliation: tenant admins and operators, as its query. */
function mayExport(viewer: Identity, report: string): boolean {
  if (viewer.kind !== "member") return false;
  if (report === "reconciliation") return viewer.role === "TENANT_ADMIN" || viewer.role === "PLATFORM_OPERATOR";
  return viewer.role === "TENANT_ADMIN" || viewer.role === "UNIT_MANAGER" || viewer.role === "PLATFORM_OPERATOR";
}

export function exportRoutes(options: ExportRouteOptions) {
  const { log } = options;
  const handle =
    (format: ExportFormat): express.RequestHandler =>
    async (req, res) => {
      const viewer = res.locals.viewer as Identity;
      const parsed = exportParams.safeParse(req.query);
      const report = parsed.success ? parsed.data.report : String(req.query.report ?? "detail");
      if (!mayExport(viewer, report)) {
        sendHttpError(res, 403, "FORBIDDEN", "Exports are for tenant admins, unit managers and platform operators");
        return;
      }
      if (!parsed.success) {
        const issues = describeIssues(parsed.error);
        const message = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join("; ");
        sendHttpError(res, 400, "BAD_USER_INPUT", message, { issues });
        return;
      }
      let document;
      try {
        document = await buildExport(viewer, parsed.data, options.detail, options.queries);
      } catch (error) {
        if (error instanceof CockpitInputError) {
          sendHttpError(res, 400, "BAD_USER_INPUT", error.message, { field: error.extensions.field });
          return;
        }
        if (error instanceof NotFoundError) {
          sendHttpError(res, 404, "NOT_FOUND", error.message);
          return;
        }
        log.error({ err: String(error) }, "export failed before writing");
        sendHttpError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
        return;
      }
      const name = `cockpit-${document.report}-${document.from}_${document.to}.${format}`;
      res.status(200);
      res.setHeader("content-type", CONTENT_TYPES[format]);
      res.setHeader("content-disposition", `attachment; filename="${name}"`);
      res.setHeader("cache-control", "no-store");
      res.setHeader("x-content-type-options", "nosniff");
      const started = Date.now();
      try {
        await (format === "csv" ? writeCsv : writeXlsx)(document.sections, res);
        if (!res.writableEnded) res.end();
        log.info({ report: document.report, format, ms: Date.now() - started }, "export written");
      } catch (error) {
        // The client went away, or a page could not be read: nothing more can be said over this response.
        const gone = res.destroyed || (error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE";
        if (gone) log.info({ report: document.report, format }, "export abandoned by the client");
        else log.error({ err: String(error), report: document.report, format }, "export failed while writing");
        res.destroy();
      }
    };
  return (app: express.Express) => {
    app.get("/export/cockpit.csv", handle("csv"));
    app.get("/export/cockpit.xlsx", handle("xlsx"));
  };
}
