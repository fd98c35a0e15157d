// Tenant admins: their shelf's offers (prices, tiers, on or off) and a form to change a price.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { DashboardHeader } from "@/components/admin/dashboard-header";
import styles from "@/components/admin/admin.module.css";
import { ShelfTable } from "@/components/admin/shelf-table";
import { LogoutButton } from "@/components/auth/logout-button";
import { loginHref } from "@/lib/auth/return-path";
import { readToken } from "@/lib/auth/session";
import { formatCount } from "@/lib/format";
import { getAdminShelf } from "@/lib/graphql/shelf-admin";

export const metadata: Metadata = { title: "Shelf" };
export const dynamic = "force-dynamic";

const PATH = "/admin/shelf";

export default async function AdminShelfPage({
  searchParams,
}: {
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const token = await readToken();
  if (!token) redirect(loginHref(PATH));
  const { after } = await searchParams;
  const cursor = typeof after === "string" && after ? after : undefined;

  const shelf = await getAdminShelf(token, cursor);
  if (!shelf.ok) {
    if (shelf.failure === "unauthenticated") redirect(loginHref(PATH, "expired"));
    if (shelf.failure === "forbidden") redirect(loginHref(PATH, "forbidden"));
    // A stale or edited cursor: the first page instead.
    if (shelf.failure === "invalid" && cursor) redirect(PATH);
    return (
      <div className={styles.unavailable} role="status" data-testid="shelf-unavailable">
        <h1>The shelf is unavailable right now</h1>
        <p>We could not load your shelf. Please try again in a moment.</p>
        <LogoutButton />
      </div>
    );
  }
  const { viewer, items, benefitCount, nextCursor } = shelf.value;
  return (
    <>
      <DashboardHeader viewer={viewer} section="shelf" />
      <section className={styles.panel} aria-labelledby="shelf-title">
        <header className={styles.panelHeader}>
          <h2 id="shelf-title">Offers on your shelf</h2>
          <span className={styles.viewer}>
            {formatCount(benefitCount)} {benefitCount === 1 ? "benefit" : "benefits"}
          </span>
        </header>
        <ShelfTable items={items} />
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
