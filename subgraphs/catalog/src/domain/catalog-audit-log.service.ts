// The catalog's audit trail as it is read: platform operators see every
// entry, tenant admins their own tenant's shelf changes.
import type { Identity } from "@benefits-hub/platform";
import type { CatalogAuditLogRepository, CatalogAuditRow } from "../data/audit.repository";
import { isUuid } from "./ids";

const MAX_PAGE = 200;

export class CatalogAuditLogService {
  constructor(private readonly log: CatalogAuditLogRepository) {}

  async page(viewer: Identity, args: { first?: number | null; after?: string | null }) {
    if (viewer.kind !== "member") return { entries: [], nextCursor: null };
    const scope =
      viewer.role === "PLATFORM_OPERATOR" ? {} : viewer.role === "TENANT_ADMIN" ? { tenantId: viewer.tenantId } : null;
    if (!scope) return { entries: [], nextCursor: null };
    const size = Math.min(Math.max(args.first ?? 50, 1), MAX_PAGE);
    const rows = await this.log.page(scope, size + 1, decode(args.after));
    const entries = rows.slice(0, size);
    const last = entries.at(-1);
    return { entries, nextCursor: rows.length > size && last ? encode(last) : null };
  }
}

const encode = (row: CatalogAuditRow) => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");

function decode(cursor: string | null | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  return isUuid(id) && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : null;
}
