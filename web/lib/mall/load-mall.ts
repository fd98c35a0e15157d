// Everything the mall page shows for a signed-in viewer, read with their token: who they are, the
// filter choices, and the page of their tenant's shelf that the URL asks for.
import { getMallContext, type MallContext } from "../graphql/catalog";
import { getShelf } from "../graphql/shelf";
import type { Failure, ShelfPage } from "../graphql/types";
import { toShelfRequest, type MallQuery, type Problem } from "./search-params";

export type Mall =
  | { ok: true; context: MallContext; page: ShelfPage; query: MallQuery; problems: Problem[] }
  | { ok: false; failure: Failure };

const NO_FACETS = { categories: [], brands: [] };

export async function loadMall(token: string, query: MallQuery): Promise<Mall> {
  // Slugs in the URL need the catalog's ids first; without them the shelf is read alongside.
  const needsFacets = Boolean(query.category || query.brand);
  const early = needsFacets ? null : toShelfRequest(query, NO_FACETS);
  const [context, earlyShelf] = await Promise.all([
    getMallContext(token),
    early ? getShelf(token, early.request) : Promise.resolve(null),
  ]);
  if (!context.ok) return context;

  const { request, problems } = early ?? toShelfRequest(query, context.value);
  let shelf = earlyShelf ?? (await getShelf(token, request));
  let shown = query;
  if (!shelf.ok && shelf.failure === "invalid" && request.after) {
    // A cursor from another sort order, or an edited link: start again from the first page.
    problems.push({ field: "after", message: "That page link no longer works, so this is the first page." });
    shelf = await getShelf(token, { ...request, after: undefined });
    shown = { ...query, after: "" };
  }
  if (!shelf.ok) return shelf;
  return { ok: true, context: context.value, page: shelf.value, query: shown, problems };
}
