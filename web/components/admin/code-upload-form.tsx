"use client";
// The card-code import: a SKU, a CSV file, then live progress from the NDJSON answer and the final report.
// The file goes to /admin/codes/upload as the request body, streamed; the report never holds a code.

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { formatCount } from "@/lib/format";
import styles from "./admin.module.css";
import codeStyles from "./codes.module.css";

interface SkuChoice {
  id: string;
  name: string;
  nameEn: string;
}

interface Counts {
  processedRows: number;
  importedRows: number;
  rejectedRows: number;
}

interface Report extends Counts {
  status: string;
  problems: { row: number; reason: string }[];
  error: string | null;
}

type UploadState =
  | { phase: "idle" }
  | { phase: "uploading"; counts: Counts }
  | { phase: "done"; report: Report }
  | { phase: "error"; message: string };

const NO_COUNTS: Counts = { processedRows: 0, importedRows: 0, rejectedRows: 0 };

/** What each refusal means for the operator; the server's own words follow. */
const REFUSALS: Record<number, string> = {
  400: "The upload was not accepted.",
  401: "Your session has ended. Please sign in again.",
  403: "Only platform operators import card codes.",
  404: "That SKU does not exist.",
  413: "The file is too large.",
  415: "The file must be a CSV (text/csv).",
  422: "That SKU cannot take card codes.",
  502: "The import service is unavailable; nothing was imported.",
};

async function refusalMessage(response: Response): Promise<string> {
  const known = REFUSALS[response.status] ?? `The upload failed (HTTP ${response.status}).`;
  const detail = await response
    .json()
    .then((body: { error?: unknown }) => (typeof body.error === "string" ? body.error : ""))
    .catch(() => "");
  return detail && !known.startsWith(detail) ? `${known} ${detail}` : known;
}

/** Yields each JSON line of an NDJSON body as it arrives. */
async function* ndjson(body: ReadableStream<Uint8Array>): AsyncGenerator<Record<string, unknown>> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
    if (done) break;
  }
  if (buffered.trim()) yield JSON.parse(buffered) as Record<string, unknown>;
}

function countsOf(event: Record<string, unknown>): Counts {
  return {
    processedRows: Number(event["processedRows"] ?? 0),
    importedRows: Number(event["importedRows"] ?? 0),
    rejectedRows: Number(event["rejectedRows"] ?? 0),
  };
}

export function CodeUploadForm({ skus }: { skus: readonly SkuChoice[] }) {
  const router = useRouter();
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const skuFieldId = useId();
  const fileFieldId = useId();

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const skuId = String(form.get("skuId") ?? "");
    const file = form.get("file");
    if (!skuId) return setState({ phase: "error", message: "Choose a SKU." });
    if (!(file instanceof File) || file.size === 0) return setState({ phase: "error", message: "Choose a CSV file." });

    setState({ phase: "uploading", counts: NO_COUNTS });
    let response: Response;
    try {
      response = await fetch(`/admin/codes/upload?skuId=${encodeURIComponent(skuId)}`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: file,
      });
    } catch {
      return setState({
        phase: "error",
        message: "The upload could not be sent. Check your connection and try again.",
      });
    }
    if (!response.ok || !response.body) return setState({ phase: "error", message: await refusalMessage(response) });

    try {
      for await (const line of ndjson(response.body)) {
        if (line["event"] === "progress") setState({ phase: "uploading", counts: countsOf(line) });
        if (line["event"] === "finished") {
          const result = line["import"] as Record<string, unknown>;
          const report: Report = {
            ...countsOf(result),
            status: String(result["status"]),
            problems: (result["problems"] as Report["problems"] | undefined) ?? [],
            error: typeof result["error"] === "string" ? result["error"] : null,
          };
          setState({ phase: "done", report });
          router.refresh();
          return;
        }
      }
      setState({
        phase: "error",
        message: "The upload ended before the import finished; check the stock and try again.",
      });
    } catch {
      setState({ phase: "error", message: "The connection broke during the import; check the stock and try again." });
    }
  }

  const busy = state.phase === "uploading";
  return (
    <div className={codeStyles.upload}>
      <form onSubmit={upload} className={codeStyles.uploadForm} aria-describedby="upload-help">
        <div className={codeStyles.field}>
          <label htmlFor={skuFieldId}>SKU</label>
          <select id={skuFieldId} name="skuId" required defaultValue="">
            <option value="" disabled>
              Choose a SKU…
            </option>
            {skus.map((sku) => (
              <option key={sku.id} value={sku.id}>
                {sku.name} · {sku.nameEn}
              </option>
            ))}
          </select>
        </div>
        <div className={codeStyles.field}>
          <label htmlFor={fileFieldId}>CSV file</label>
          <input id={fileFieldId} name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit" className={styles.save} disabled={busy}>
          {busy ? "Importing…" : "Import codes"}
        </button>
      </form>
      <p id="upload-help" className={codeStyles.help}>
        A header line with a <code>code</code> column (and optionally <code>pin</code>, <code>expires_at</code>), then
        one code per line.
      </p>

      {state.phase === "uploading" && (
        <p className={codeStyles.progress} role="status" data-testid="upload-progress">
          Importing… {formatCount(state.counts.processedRows)} rows read, {formatCount(state.counts.importedRows)}{" "}
          imported, {formatCount(state.counts.rejectedRows)} rejected
        </p>
      )}
      {state.phase === "error" && (
        <p className={styles.formError} role="alert" data-testid="upload-error">
          {state.message}
        </p>
      )}
      {state.phase === "done" && <UploadReport report={state.report} />}
    </div>
  );
}

function UploadReport({ report }: { report: Report }) {
  const succeeded = report.status === "SUCCEEDED";
  return (
    <div className={codeStyles.report} data-testid="upload-report" data-status={report.status} role="status">
      <p className={codeStyles.reportLine}>
        <span className={codeStyles.status} data-ok={succeeded} data-testid="report-status">
          {report.status}
        </span>
        <span>
          <span data-testid="report-processed">{formatCount(report.processedRows)}</span> rows read ·{" "}
          <strong>
            imported <span data-testid="report-imported">{formatCount(report.importedRows)}</span>
          </strong>{" "}
          · rejected <span data-testid="report-rejected">{formatCount(report.rejectedRows)}</span>
        </span>
      </p>
      {report.error && (
        <p className={styles.formError} data-testid="report-error">
          {report.error}
        </p>
      )}
      {report.problems.length > 0 && (
        <div className={styles.tableWrap}>
          <table className={`${styles.table} ${codeStyles.problems}`} data-testid="report-problems">
            <caption className={codeStyles.caption}>
              Rejected rows
              {report.problems.length < report.rejectedRows && ` (the first ${formatCount(report.problems.length)})`}
            </caption>
            <thead>
              <tr>
                <th scope="col" className={styles.numeric}>
                  Row
                </th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {report.problems.map((problem, index) => (
                <tr key={`${problem.row}-${index}`} data-testid="report-problem">
                  <td className={styles.numeric} data-testid="problem-row">
                    {problem.row}
                  </td>
                  <td data-testid="problem-reason">{problem.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
