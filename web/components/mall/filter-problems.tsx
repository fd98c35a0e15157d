// Says which parts of the URL's filter were ignored, and why.
import type { Problem } from "@/lib/mall/search-params";
import styles from "./mall.module.css";

export function FilterProblems({ problems }: { problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className={styles.problems} role="alert" data-testid="filter-problems">
      <p>Some of the filters were left out:</p>
      <ul>
        {problems.map((problem) => (
          <li key={`${problem.field}:${problem.message}`}>{problem.message}</li>
        ))}
      </ul>
    </div>
  );
}
