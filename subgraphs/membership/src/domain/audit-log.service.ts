// The audit trail as tenant admins read it: their own tenant only.
import type { Identity } from "@benefits-hub/platform";
import type { AuditEntryRow, AuditLogRepository } from "../data/audit-log.repository";
import { isUuid } from "./ids";

const MAX_PAGE = 200;

export class AuditLogService {
  constructor(private readonly log: AuditLogRepository) {}

  async page(
    viewer: Identity,
    args: { first?: number | null; after?: string | null; action?: string | null; targetType?: string | null },
  ): Promise<{ entries: AuditEntryRow[]; nextCursor: string | null }> {
    if (viewer.kind !== "member" || viewer.role !== "TENANT_ADMIN") return { entries: [], nextCursor: null };
    const size = Math.min(Math.max(args.first ?? 50, 1), MAX_PAGE);
    const rows = await this.log.page(
      { tenantId: viewer.tenantId, action: args.action, targetType: args.targetType },
      size + 1,
      decode(args.after),
    );
    const entries = rows.slice(0, size);
    const last = entries.at(-1);
    return { entries, nextCursor: rows.length > size && last ? encode(last) : null };
  }
}

const encode = (row: AuditEntryRow) => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");

function decode(cursor: string | null | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  return id && isUuid(id) && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : null;
}
