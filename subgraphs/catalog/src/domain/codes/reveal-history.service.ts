// Who revealed which card code, when and from where: tenant admins read their
// own tenant's reveals, platform operators every tenant's (or the one they
// name). The code is never shown: its id and SKU only. Filters are checked
// before they reach SQL; a bad one is a clear BAD_USER_INPUT.
import type { Identity } from "@benefits-hub/platform";
import { decodeKeyset, encodeKeyset } from "@benefits-hub/platform/server/keyset-cursor";
import { GraphQLError } from "graphql";
import type { RevealHistoryRepository, RevealRow } from "../../data/codes/reveal-history.repository";
import { isUuid } from "../ids";

const MAX_PAGE = 200;

export interface RevealFilter {
  tenantId?: string | null;
  skuId?: string | null;
  memberId?: string | null;
  /** ISO times: from inclusive, to exclusive. */
  from?: string | null;
  to?: string | null;
}

export interface RevealPage {
  entries: RevealRow[];
  nextCursor: string | null;
}

const EMPTY: RevealPage = { entries: [], nextCursor: null };

export class RevealHistoryService {
  constructor(private readonly reveals: RevealHistoryRepository) {}

  async page(
    viewer: Identity,
    args: { filter?: RevealFilter | null; first?: number | null; after?: string | null },
  ): Promise<RevealPage> {
    const filter = args.filter ?? {};
    const checked = checkFilter(filter);
    const after = decodeKeyset(args.after);
    if (viewer.kind !== "member") return EMPTY;
    let tenantId: string | null;
    if (viewer.role === "PLATFORM_OPERATOR") tenantId = filter.tenantId ?? null;
    else if (viewer.role === "TENANT_ADMIN") tenantId = viewer.tenantId;
    else return EMPTY;
    // An admin naming another tenant sees nothing of it, as if it did not exist.
    if (viewer.role === "TENANT_ADMIN" && filter.tenantId && filter.tenantId !== viewer.tenantId) return EMPTY;
    const size = Math.min(Math.max(args.first ?? 50, 1), MAX_PAGE);
    const rows = await this.reveals.page({ ...checked, tenantId, after, limit: size + 1 });
    const entries = rows.slice(0, size);
    const last = entries.at(-1);
    return { entries, nextCursor: rows.length > size && last ? encodeKeyset(last.revealedAt, last.id) : null };
  }
}

function checkFilter(f: RevealFilter) {
  for (const field of ["tenantId", "skuId", "memberId"] as const) {
    if (f[field] != null && !isUuid(f[field])) bad(`${field} is not an id`, field);
  }
  const from = time(f.from, "from");
  const to = time(f.to, "to");
  if (from && to && from >= to) bad("from must be before to", "from");
  return { skuId: f.skuId ?? undefined, memberId: f.memberId ?? undefined, from, to };
}

function time(value: string | null | undefined, field: string): Date | undefined {
  if (value == null) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) bad(`${field} is not a date-time (ISO 8601)`, field);
  return at;
}

function bad(message: string, field: string): never {
  throw new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field } });
}
