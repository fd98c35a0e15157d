// Segments: named rules of a tenant, stored as JSON. Each change writes its
// audit entry in the same transaction; a taken name fails on the unique index.
import type { PrismaClient, Prisma, Segment } from "@benefits-hub/platform/db/client";
import type { AuditRecord } from "../domain/audit";
import type { SegmentRules } from "../domain/segment-rules";
import type { AuditRepository } from "./audit.repository";

export type SegmentRow = Segment;

export class SegmentRepository {
  constructor(
    private readonly db: PrismaClient,
    private readonly audit: AuditRepository,
  ) {}

  list(tenantId: string): Promise<SegmentRow[]> {
    return this.db.segment.findMany({ where: { tenantId }, orderBy: [{ name: "asc" }, { id: "asc" }], take: 1000 });
  }

  find(id: string): Promise<SegmentRow | null> {
    return this.db.segment.findUnique({ where: { id } });
  }

  create(
    tenantId: string,
    name: string,
    rules: SegmentRules,
    audit: (segment: SegmentRow) => AuditRecord,
  ): Promise<SegmentRow> {
    return this.db.$transaction(async (tx) => {
      const segment = await tx.segment.create({ data: { tenantId, name, rules: rules as Prisma.InputJsonObject } });
      await this.audit.record(tx, audit(segment));
      return segment;
    });
  }

  /** Applies `change` (which may throw to refuse) to a segment of the tenant; null when there is none. */
  update(
    tenantId: string,
    id: string,
    change: (current: SegmentRow) => { name?: string; rules?: SegmentRules },
    audit: (segment: SegmentRow) => AuditRecord,
  ): Promise<SegmentRow | null> {
    return this.db.$transaction(async (tx) => {
      const current = await tx.segment.findFirst({ where: { id, tenantId } });
      if (!current) return null;
      const { name, rules } = change(current);
      const segment = await tx.segment.update({
        where: { id },
        data: { ...(name !== undefined ? { name } : {}), ...(rules ? { rules: rules as Prisma.InputJsonObject } : {}) },
      });
      await this.audit.record(tx, audit(segment));
      return segment;
    });
  }

  /** Deletes a segment of the tenant after `check` accepts it; false when it does not exist. */
  delete(
    tenantId: string,
    id: string,
    check: (current: SegmentRow) => void,
    audit: (segment: SegmentRow) => AuditRecord,
  ): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const current = await tx.segment.findFirst({ where: { id, tenantId } });
      if (!current) return false;
      check(current);
      await tx.segment.delete({ where: { id } });
      await this.audit.record(tx, audit(current));
      return true;
    });
  }
}
