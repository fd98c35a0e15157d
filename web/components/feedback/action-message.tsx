// What an action answered, in words: a refusal with its headline (role=alert), or what was done (role=status).
import type { ReactNode } from "react";
import { errorWords } from "@/lib/actions/error-words";
import type { ActionError } from "@/lib/graphql/action-result";
import styles from "./feedback.module.css";

export type Outcome = { kind: "done"; text: ReactNode } | { kind: "refused"; errors: ActionError[] } | null;

export function ActionMessage({ outcome, testId = "action-message" }: { outcome: Outcome; testId?: string }) {
  if (!outcome) return null;
  if (outcome.kind === "done") {
    return (
      <p className={styles.done} role="status" data-testid={testId} data-outcome="done">
        {outcome.text}
      </p>
    );
  }
  const words = errorWords(outcome.errors);
  return (
    <p className={styles.refused} role="alert" data-testid={testId} data-outcome="refused" data-code={words.code}>
      <strong>{words.headline}.</strong> {words.detail}
    </p>
  );
}
