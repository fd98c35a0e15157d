// The audit trail of risk administration (rules, blacklist, reviews): the
// entitlements audit trail (audit.repository.ts), with risk's target types.
import { recordAudit, type AuditActor } from "./audit.repository";
import type { Prisma } from "@benefits-hub/platform/db/client";

export interface RiskAuditRecord {
  action: string;
  targetType: "risk_rule" | "risk_list_entry" | "risk_decision";
  targetId: string;
  details: Prisma.InputJsonValue;
}

export class RiskAuditRepository {
  record(tx: Prisma.TransactionClient, actor: AuditActor, entry: RiskAuditRecord): Promise<void> {
    return recordAudit(tx, actor, entry);
  }
}
