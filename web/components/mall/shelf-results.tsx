// A page of the shelf: how many match, the cards, and the way to the next page (or why there is nothing).
import Link from "next/link";
import { formatCount } from "@/lib/format";
import type { ShelfPage } from "@/lib/graphql/types";
import { mallHref, type MallQuery } from "@/lib/mall/search-params";
import styles from "./mall.module.css";
import { ShelfCard } from "./shelf-card";

export function ShelfResults({ page, query, filtered }: { page: ShelfPage; query: MallQuery; filtered: boolean }) {
  if (page.entries.length === 0) {
    return (
      <section className={styles.notice} role="status" data-testid="shelf-empty" aria-labelledby="empty-title">
        <h2 id="empty-title">{filtered ? "No benefits match these filters" : "Nothing is on your shelf yet"}</h2>
        {filtered ? (
          <p>
            Try other words or a wider price range, or <Link href="/">clear the filters</Link>.
          </p>
        ) : (
          <p>Your company has not offered any benefits yet. Please check again later.</p>
        )}
        {query.after && (
          <p>
            <Link href={mallHref({ ...query, after: "" })}>Back to the first page</Link>
          </p>
        )}
      </section>
    );
  }
  return (
    <section aria-labelledby="results-title" className={styles.results}>
      <h2 id="results-title" className={styles.resultsTitle} data-testid="result-count">
        {formatCount(page.totalCount)} {page.totalCount === 1 ? "benefit" : "benefits"}
        {filtered ? (page.totalCount === 1 ? " matches" : " match") : ""}
      </h2>
      <ul className={styles.grid}>
        {page.entries.map((entry) => (
          <li key={entry.benefitId}>
            <ShelfCard entry={entry} />
          </li>
        ))}
      </ul>
      {(page.nextCursor || query.after) && (
        <nav className={styles.pagination} aria-label="Pages">
          {query.after && <Link href={mallHref({ ...query, after: "" })}>First page</Link>}
          {page.nextCursor && (
            <Link href={mallHref({ ...query, after: page.nextCursor })} rel="next">
              Next page <span aria-hidden="true">→</span>
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
