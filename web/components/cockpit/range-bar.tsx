// The date range: presets as links (they work before scripts load) and a custom range as a GET form; both keep
// the rest of the dashboard's state (unit, dimension, order) and go back to the breakdown's first page.
import Form from "next/form";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cockpitSearch, MAX_RANGE_DAYS, RANGE_PRESETS, type CockpitState } from "./params";
import styles from "./cockpit.module.css";

export async function RangeBar({ state, path }: { state: CockpitState; path: string }) {
  const t = await getTranslations("cockpit");
  const hrefFor = (range: CockpitState["range"]) =>
    `${path}?${cockpitSearch({ ...state, range, pageIndex: 0, granularity: range === "quarter" ? "WEEK" : "DAY" })}`;
  return (
    <div className={styles.toolbar} data-testid="cockpit-range">
      <nav className={styles.presets} aria-label={t("range.label")}>
        {RANGE_PRESETS.filter((p) => p !== "custom").map((preset) => (
          <Link
            key={preset}
            href={hrefFor(preset)}
            className={styles.chipButton}
            aria-current={state.range === preset ? "true" : undefined}
            data-preset={preset}
            scroll={false}
          >
            {t(`range.${preset}`)}
          </Link>
        ))}
      </nav>
      <Form action={path} className={styles.customRange} scroll={false} aria-label={t("range.custom")}>
        <input type="hidden" name="range" value="custom" />
        {state.dimension !== "ORG_UNIT" && <input type="hidden" name="dim" value={state.dimension} />}
        {state.orgUnitId && <input type="hidden" name="org" value={state.orgUnitId} />}
        <label className={styles.field}>
          {t("range.from")}
          <input type="date" name="from" defaultValue={state.from} required data-testid="range-from" />
        </label>
        <label className={styles.field}>
          {t("range.to")}
          <input type="date" name="to" defaultValue={state.to} required data-testid="range-to" />
        </label>
        <button type="submit" className={styles.chipButton} aria-pressed={state.range === "custom"}>
          {t("range.apply")}
        </button>
      </Form>
      <p className={styles.rangeText} data-testid="range-text">
        {t("range.showing", { from: state.from, to: state.to, max: MAX_RANGE_DAYS })}
      </p>
    </div>
  );
}
