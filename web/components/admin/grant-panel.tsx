"use client";
// Grant a GRANT campaign to org units' subtrees, segments or listed members, then follow the background job
// (grantJob, polled every second) until it has finished: processed of total, issued, failed and why.

import { useEffect, useId, useState, type FormEvent } from "react";
import { ActionMessage, type Outcome } from "@/components/feedback/action-message";
import { useKeyedAction } from "@/lib/actions/use-keyed-action";
import type { UnitChoice } from "@/lib/campaigns/org-units";
import { formatCount } from "@/lib/format";
import type { GrantJob } from "@/lib/graphql/campaigns-admin";
import { grantAction, grantJobAction } from "./campaign-actions";
import campaignStyles from "./campaigns.module.css";

const POLL_MS = 1_000;

const FAILURE_WORDS: Record<string, string> = {
  PER_MEMBER_LIMIT: "already had it",
  NOT_ELIGIBLE: "not in the audience",
  SOLD_OUT: "stock ran out",
  INSUFFICIENT_BUDGET: "budget ran out",
  NOT_FOUND: "unknown members",
};

interface Props {
  campaignId: string;
  units: readonly UnitChoice[];
  segments: readonly { id: string; name: string }[];
}

export function GrantPanel({ campaignId, units, segments }: Props) {
  const { busy, run } = useKeyedAction();
  const [job, setJob] = useState<GrantJob | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const membersId = useId();

  const running = job?.state === "RUNNING";
  const jobId = job?.id;
  useEffect(() => {
    if (!running || !jobId) return;
    let stopped = false;
    const timer = setInterval(async () => {
      const result = await grantJobAction(jobId).catch(() => null);
      if (stopped || !result) return;
      if (result.ok) setJob(result.value);
      else if (!result.retryable) setOutcome({ kind: "refused", errors: result.errors });
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [running, jobId]);

  async function grant(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const draft = {
      memberIds: String(form.get("memberIds") ?? ""),
      segmentIds: form.getAll("segmentId").map(String),
      orgUnitIds: form.getAll("orgUnitId").map(String),
    };
    const result = await run(`grant:${JSON.stringify(draft)}`, (key) => grantAction(campaignId, key, draft));
    if (!result) return;
    if (result.ok) {
      setJob(result.value);
      setOutcome(null);
    } else {
      setOutcome({ kind: "refused", errors: result.errors });
    }
  }

  return (
    <div className={campaignStyles.grant} data-testid="grant-panel">
      <form onSubmit={grant} className={campaignStyles.grantForm}>
        <fieldset className={campaignStyles.choices}>
          <legend>Org units (with everyone below)</legend>
          <div className={campaignStyles.scroll}>
            {units.map((unit) => (
              <label key={unit.id} className={campaignStyles.check} style={{ paddingLeft: `${unit.depth * 1.1}rem` }}>
                <input type="checkbox" name="orgUnitId" value={unit.id} />
                {unit.name}
              </label>
            ))}
          </div>
        </fieldset>
        {segments.length > 0 && (
          <fieldset className={campaignStyles.choices}>
            <legend>Segments</legend>
            <div className={campaignStyles.scroll}>
              {segments.map((segment) => (
                <label key={segment.id} className={campaignStyles.check}>
                  <input type="checkbox" name="segmentId" value={segment.id} />
                  {segment.name}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <label className={campaignStyles.field} htmlFor={membersId}>
          Member ids (one per line)
          <textarea id={membersId} name="memberIds" rows={3} spellCheck={false} />
        </label>
        <button type="submit" className={campaignStyles.primary} disabled={busy !== null || running}>
          {busy ? "Starting…" : "Start grant"}
        </button>
      </form>
      <ActionMessage outcome={outcome} testId="grant-message" />
      {job && <GrantProgress job={job} />}
    </div>
  );
}

function GrantProgress({ job }: { job: GrantJob }) {
  const done = job.state !== "RUNNING";
  return (
    <div className={campaignStyles.progress} role="status" data-testid="grant-job" data-state={job.state}>
      <p>
        <strong data-testid="grant-job-state">
          {job.state === "SUCCEEDED"
            ? "Grant finished"
            : job.state === "FAILED"
              ? "Grant failed"
              : job.total === 0
                ? "Finding the members…"
                : "Granting…"}
        </strong>{" "}
        <span data-testid="grant-job-counts">
          {formatCount(job.processed)} of {formatCount(job.total)} processed · {formatCount(job.issued)} issued ·{" "}
          {formatCount(job.failed)} not issued
        </span>
      </p>
      <progress max={Math.max(job.total, 1)} value={done && job.total === 0 ? 1 : job.processed} />
      {job.failures.length > 0 && (
        <ul className={campaignStyles.failures}>
          {job.failures.map((failure) => (
            <li key={failure.code}>
              {formatCount(failure.count)} {FAILURE_WORDS[failure.code] ?? failure.code}
            </li>
          ))}
        </ul>
      )}
      {job.error && <p className={campaignStyles.jobError}>{job.error}</p>}
    </div>
  );
}
