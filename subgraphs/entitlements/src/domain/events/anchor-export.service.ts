// The anchors tenant admins and platform operators export to keep outside the
// hub: the tenant chain's head and its daily anchors, newest day first,
// paged by day. Given back to verifyEventChain, each must still be reproduced.
import type { Identity } from "@benefits-hub/platform";
import { GraphQLError } from "graphql";
import type { AnchorDay, TenantChainRepository } from "../../data/tenant-chain.repository";
import { scopeTenant } from "./tenant-scope";

const MAX_PAGE = 366;

export interface AnchorExport {
  tenantId: string;
  head: { tenantSeq: number; hash: string; at: string | null };
  days: { day: string; firstSeq: number; lastSeq: number; events: number; hash: string }[];
  nextCursor: string | null;
}

export class AnchorExportService {
  constructor(private readonly chains: TenantChainRepository) {}

  async anchors(
    viewer: Identity,
    args: { tenantId?: string | null; first?: number | null; after?: string | null },
  ): Promise<AnchorExport | null> {
    const tenantId = scopeTenant(viewer, args.tenantId);
    if (!tenantId) return null;
    const size = Math.min(Math.max(args.first ?? 30, 1), MAX_PAGE);
    const [head, rows] = await Promise.all([
      this.chains.head(tenantId),
      this.chains.days(tenantId, decodeDay(args.after), size + 1),
    ]);
    const days = rows.slice(0, size).map(dayOut);
    return {
      tenantId,
      head: { tenantSeq: head.tenantSeq, hash: head.hash, at: head.updatedAt?.toISOString() ?? null },
      days,
      nextCursor: rows.length > size ? encodeDay(days.at(-1)!.day) : null,
    };
  }
}

const dayOut = (d: AnchorDay) => ({
  day: d.day.toISOString().slice(0, 10),
  firstSeq: d.firstSeq,
  lastSeq: d.lastSeq,
  events: d.lastSeq - d.firstSeq + 1,
  hash: d.hash,
});

const encodeDay = (day: string) => Buffer.from(`day|${day}`).toString("base64url");

function decodeDay(cursor: string | null | undefined): Date | null {
  if (!cursor) return null;
  const [tag, day] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(`${day ?? ""}T00:00:00.000Z`);
  if (tag !== "day" || !/^\d{4}-\d{2}-\d{2}$/.test(day ?? "") || Number.isNaN(at.getTime())) {
    throw new GraphQLError("after is not a cursor of this list", { extensions: { code: "BAD_USER_INPUT" } });
  }
  return at;
}
