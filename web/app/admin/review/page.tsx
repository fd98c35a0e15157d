// Tenant admins: the risk review queue (风控审核), oldest first, a page at a time, with approve and reject.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { DashboardHeader } from "@/components/admin/dashboard-header";
import styles from "@/components/admin/admin.module.css";
import { ReviewList } from "@/components/admin/review-list";
import { LogoutButton } from "@/components/auth/logout-button";
import { loginHref } from "@/lib/auth/return-path";
import { readToken } from "@/lib/auth/session";
import { getReviewQueue } from "@/lib/graphql/risk-review";

export const metadata: Metadata = { title: "Risk review" };
export const dynamic = "force-dynamic";

const PATH = "/admin/review";

export default async function AdminReviewPage({
  searchParams,
}: {
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const token = await readToken();
  if (!token) redirect(loginHref(PATH));
  const { after } = await searchParams;
  const cursor = typeof after === "string" && after ? after : undefined;

  const queue = await getReviewQueue(token, cursor);
  if (!queue.ok) {
    if (queue.failure === "unauthenticated") redirect(loginHref(PATH, "expired"));
    if (queue.failure === "forbidden") redirect(loginHref(PATH, "forbidden"));
    if (queue.failure === "invalid" && cursor) redirect(PATH);
    return (
      <div className={styles.unavailable} role="status" data-testid="review-unavailable">
        <h1>The review queue is unavailable right now</h1>
        <p>We could not load the held requests. Please try again in a moment.</p>
        <LogoutButton />
      </div>
    );
  }
  const { viewer, decisions, nextCursor } = queue.value;
  return (
    <>
      <DashboardHeader viewer={viewer} section="review" />
      <section className={styles.panel} aria-labelledby="review-title">
        <header className={styles.panelHeader}>
          <h2 id="review-title">Waiting for review</h2>
          <span className={styles.viewer}>Approving carries the request out as the member; rejecting ends it.</span>
        </header>
        <ReviewList decisions={decisions} />
        {(cursor || nextCursor) && (
          <nav className={styles.pagination} aria-label="Pages">
            {cursor && <Link href={PATH}>First page</Link>}
            {nextCursor && (
              <Link href={`${PATH}?after=${encodeURIComponent(nextCursor)}`} rel="next">
                Next page <span aria-hidden="true">→</span>
              </Link>
            )}
          </nav>
        )}
      </section>
    </>
  );
}
