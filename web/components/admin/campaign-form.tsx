"use client";
// The create-campaign form: name, channel, kind (packs: N of M within an allowance), audience, window in
// Beijing time, stock and per-member limits, the budget's org unit and period, and items from the shelf.
// The server action checks it (problems come back per field) and creates a draft.

import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ActionMessage, type Outcome } from "@/components/feedback/action-message";
import type { CampaignDraft, DraftField, DraftProblem } from "@/lib/campaigns/campaign-draft";
import { CHINA_TIME_LABEL } from "@/lib/china-time";
import { formatFen } from "@/lib/format";
import { yuanText } from "@/lib/yuan";
import type { CampaignFormOptions } from "@/lib/graphql/campaigns-admin";
import { createCampaignAction } from "./campaign-actions";
import styles from "./admin.module.css";
import campaignStyles from "./campaigns.module.css";

interface Props extends CampaignFormOptions {
  /** datetime-local value of "now" in Beijing time, the default start. */
  defaultStart: string;
}

function readDraft(form: HTMLFormElement): CampaignDraft {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "");
  return {
    name: text("name"),
    description: text("description"),
    channel: text("channel"),
    kind: text("kind"),
    audience: text("audience") === "targeted" ? "targeted" : "everyone",
    memberIds: text("memberIds"),
    segmentIds: data.getAll("segmentId").map(String),
    orgUnitIds: data.getAll("orgUnitId").map(String),
    startsAt: text("startsAt"),
    endsAt: text("endsAt"),
    totalLimit: text("totalLimit"),
    perMemberLimit: text("perMemberLimit"),
    budgetOrgUnitId: text("budgetOrgUnitId"),
    budgetPeriod: text("budgetPeriod"),
    packChoose: text("packChoose"),
    packAllowance: text("packAllowance"),
    items: data.getAll("skuId").map((value) => {
      const skuId = String(value);
      return { skuId, variant: text(`variant:${skuId}`), cost: text(`cost:${skuId}`) };
    }),
  };
}

/** An input's problem, referenced by the input's aria-describedby. */
function ProblemText({ id, problem }: { id: string; problem: string | undefined }) {
  if (!problem) return null;
  return (
    <span id={`${id}-problem`} className={styles.formError} data-testid="form-problem">
      {problem}
    </span>
  );
}

function FormField({
  id,
  problem,
  label,
  children,
}: {
  id: string;
  problem: string | undefined;
  label: string;
  children: ReactNode;
}) {
  return (
    <div className={campaignStyles.field}>
      <label htmlFor={id}>{label}</label>
      {children}
      <ProblemText id={id} problem={problem} />
    </div>
  );
}

export function CampaignForm({ units, segments, skus, defaultStart }: Props) {
  const formId = useId();
  const busy = useRef(false);
  const [pending, setPending] = useState(false);
  const [problems, setProblems] = useState<DraftProblem[]>([]);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [kind, setKind] = useState("SINGLE");
  const [targeted, setTargeted] = useState(false);

  const problemOf = (field: DraftField) => problems.find((p) => p.field === field)?.message;
  const ids = (field: DraftField) => ({
    id: `${formId}-${field}`,
    "aria-invalid": problemOf(field) ? true : undefined,
    "aria-describedby": problemOf(field) ? `${formId}-${field}-problem` : undefined,
  });
  const field = (name: DraftField) => ({ id: `${formId}-${name}`, problem: problemOf(name) });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy.current) return;
    busy.current = true;
    setPending(true);
    const form = event.currentTarget;
    try {
      const result = await createCampaignAction(readDraft(form));
      if (result.ok) {
        setProblems([]);
        setOutcome({ kind: "done", text: `Created “${result.name}” as a draft. Schedule it in the list above.` });
        form.reset();
        setKind("SINGLE");
        setTargeted(false);
      } else {
        setProblems(result.problems);
        setOutcome(
          result.errors.length
            ? { kind: "refused", errors: result.errors }
            : { kind: "refused", errors: [{ code: "INVALID_INPUT", message: "Some fields need another look" }] },
        );
      }
    } catch {
      setOutcome({ kind: "refused", errors: [{ code: "UNREACHABLE", message: "The hub could not be reached" }] });
    } finally {
      busy.current = false;
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className={campaignStyles.form} noValidate data-testid="campaign-form">
      <div className={campaignStyles.row}>
        <FormField {...field("name")} label="Name">
          <input name="name" required maxLength={100} {...ids("name")} />
        </FormField>
        <FormField {...field("channel")} label="How members get it">
          <select name="channel" defaultValue="CLAIM" {...ids("channel")}>
            <option value="CLAIM">Members claim it (flash sales too)</option>
            <option value="GRANT">Admins grant it</option>
            <option value="RULE">Issuance rules grant it</option>
          </select>
        </FormField>
        <FormField {...field("kind")} label="What one issuance is">
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)} {...ids("kind")}>
            <option value="SINGLE">One benefit</option>
            <option value="PACK">A pack: members choose</option>
          </select>
        </FormField>
      </div>
      <FormField {...field("description")} label="Description (optional)">
        <input name="description" maxLength={1000} {...ids("description")} />
      </FormField>
      {kind === "PACK" && (
        <div className={campaignStyles.row}>
          <FormField {...field("packChoose")} label="Members choose (how many items)">
            <input name="packChoose" inputMode="numeric" {...ids("packChoose")} />
          </FormField>
          <FormField {...field("packAllowanceFen")} label="Allowance, yuan">
            <input name="packAllowance" inputMode="decimal" {...ids("packAllowanceFen")} />
          </FormField>
        </div>
      )}

      <fieldset className={campaignStyles.choices} aria-invalid={problemOf("audience") ? true : undefined}>
        <legend>Who may have it</legend>
        <div className={campaignStyles.inlineChoices}>
          <label className={campaignStyles.check}>
            <input
              type="radio"
              name="audience"
              value="everyone"
              checked={!targeted}
              onChange={() => setTargeted(false)}
            />
            Everyone in the company
          </label>
          <label className={campaignStyles.check}>
            <input
              type="radio"
              name="audience"
              value="targeted"
              checked={targeted}
              onChange={() => setTargeted(true)}
            />
            Only these:
          </label>
        </div>
        {targeted && (
          <div className={campaignStyles.row}>
            <div className={campaignStyles.scroll} role="group" aria-label="Org units">
              {units.map((unit) => (
                <label key={unit.id} className={campaignStyles.check} style={{ paddingLeft: `${unit.depth * 1.1}rem` }}>
                  <input type="checkbox" name="orgUnitId" value={unit.id} />
                  {unit.name}
                </label>
              ))}
            </div>
            {segments.length > 0 && (
              <div className={campaignStyles.scroll} role="group" aria-label="Segments">
                {segments.map((segment) => (
                  <label key={segment.id} className={campaignStyles.check}>
                    <input type="checkbox" name="segmentId" value={segment.id} />
                    {segment.name}
                  </label>
                ))}
              </div>
            )}
            <div className={campaignStyles.field}>
              <label htmlFor={`${formId}-memberIds`}>Member ids (one per line)</label>
              <textarea id={`${formId}-memberIds`} name="memberIds" rows={4} spellCheck={false} />
            </div>
          </div>
        )}
        <ProblemText {...field("audience")} />
      </fieldset>

      <div className={campaignStyles.row}>
        <FormField {...field("startsAt")} label={`Starts (${CHINA_TIME_LABEL})`}>
          <input type="datetime-local" name="startsAt" defaultValue={defaultStart} required {...ids("startsAt")} />
        </FormField>
        <FormField {...field("endsAt")} label="Ends (empty: no end)">
          <input type="datetime-local" name="endsAt" {...ids("endsAt")} />
        </FormField>
        <FormField {...field("totalLimit")} label="Total stock (empty: unlimited)">
          <input name="totalLimit" inputMode="numeric" {...ids("totalLimit")} />
        </FormField>
        <FormField {...field("perMemberLimit")} label="Per member">
          <input name="perMemberLimit" inputMode="numeric" defaultValue="1" {...ids("perMemberLimit")} />
        </FormField>
      </div>

      <div className={campaignStyles.row}>
        <FormField {...field("budgetOrgUnitId")} label="Paid from the budget of">
          <select name="budgetOrgUnitId" defaultValue={units[0]?.id ?? ""} {...ids("budgetOrgUnitId")}>
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {"\u00a0\u00a0".repeat(unit.depth)}
                {unit.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField {...field("budgetPeriod")} label="Budget period (empty: month of the start)">
          <input name="budgetPeriod" placeholder="YYYY-MM" maxLength={7} {...ids("budgetPeriod")} />
        </FormField>
      </div>

      <fieldset className={campaignStyles.choices} aria-invalid={problemOf("items") ? true : undefined}>
        <legend>Items from your shelf</legend>
        <div className={styles.tableWrap}>
          <table className={`${styles.table} ${campaignStyles.itemTable}`}>
            <thead>
              <tr>
                <th scope="col">Include</th>
                <th scope="col">SKU</th>
                <th scope="col" className={styles.numeric}>
                  Shelf price
                </th>
                <th scope="col">Variant</th>
                <th scope="col">Cost to the budget, yuan (empty: sale price)</th>
              </tr>
            </thead>
            <tbody>
              {skus.map((sku) => (
                <tr key={sku.id} data-testid="campaign-sku" data-sku-id={sku.id}>
                  <td>
                    <input
                      type="checkbox"
                      name="skuId"
                      value={sku.id}
                      id={`${formId}-sku-${sku.id}`}
                      aria-label={`Include ${sku.name}`}
                    />
                  </td>
                  <th scope="row">
                    <label htmlFor={`${formId}-sku-${sku.id}`}>
                      <span lang="zh-CN" className={styles.offerName}>
                        {sku.name}
                      </span>
                      <span className={styles.offerSub}>
                        <span lang="zh-CN">{sku.benefitName}</span> · {sku.nameEn}
                      </span>
                    </label>
                  </th>
                  <td className={styles.numeric}>{formatFen(sku.priceFen)}</td>
                  <td>
                    <select name={`variant:${sku.id}`} aria-label={`Variant of ${sku.name}`} defaultValue="">
                      <option value="">Everyone</option>
                      <option value="A">A</option>
                      <option value="B">B</option>
                    </select>
                  </td>
                  <td>
                    <input
                      name={`cost:${sku.id}`}
                      inputMode="decimal"
                      size={8}
                      placeholder={yuanText(sku.salePriceFen)}
                      aria-label={`Cost of ${sku.name}, yuan`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ProblemText {...field("items")} />
      </fieldset>

      <div className={campaignStyles.submitRow}>
        <button type="submit" className={campaignStyles.primary} disabled={pending}>
          {pending ? "Creating…" : "Create draft"}
        </button>
        <ActionMessage outcome={outcome} testId="create-message" />
      </div>
    </form>
  );
}
