import type { MembershipContext } from "../context";
import type { MemberImportRow } from "../data/member-import.repository";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

interface ImportArgs {
  input: { csv: string; orgUnitId?: string | null };
}

export const MemberImportQuery = {
  memberImport: (_: unknown, { id }: { id: string }, ctx: MembershipContext) =>
    ctx.services.memberImports.byId(ctx.viewer, id),
};

export const MemberImportMutation = {
  importMembers: keyedMutation(shapes.memberImport, ({ input }: ImportArgs, ctx: MembershipContext) =>
    ctx.services.memberImports.start(ctx.viewer, input, ctx.log),
  ),
};

export const MemberImport = {
  report: (row: MemberImportRow) => (Array.isArray(row.report) ? row.report : []),
  createdAt: (row: MemberImportRow) => row.createdAt.toISOString(),
  finishedAt: (row: MemberImportRow) => row.finishedAt?.toISOString() ?? null,
};
