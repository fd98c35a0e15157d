// Every member, segment and org unit id a campaign or a grant names is checked
// against the admin's tenant (membership's /internal/tenant-ids) before it is
// stored: another tenant's id is answered as one that does not exist, with the
// field at fault, and nothing is written.
import { firstForeign, TenantIdsUnavailableError, type TenantIdsClient } from "@benefits-hub/platform/tenant-ids";
import { issuanceError, type IssuanceError } from "../issuance/issuance-errors";

export interface NamedIds {
  memberIds?: readonly string[] | null;
  segmentIds?: readonly string[] | null;
  orgUnitIds?: readonly string[] | null;
  budgetOrgUnitId?: string | null;
}

const WHAT = { memberIds: "member", segmentIds: "segment", orgUnitIds: "org unit" } as const;

/**
 * The error for the first id in `named` that is not the tenant's (fields
 * `<prefix>memberIds.<n>` and so on, `budgetOrgUnitId`), UNAVAILABLE when
 * membership does not answer; null when every id is the tenant's own.
 */
export async function foreignId(
  tenantIds: TenantIdsClient,
  tenantId: string,
  named: NamedIds,
  prefix = "",
): Promise<IssuanceError | null> {
  const units = [...(named.orgUnitIds ?? []), ...(named.budgetOrgUnitId ? [named.budgetOrgUnitId] : [])];
  let owned;
  try {
    owned = await tenantIds.owned({
      tenantId,
      memberIds: named.memberIds ?? [],
      segmentIds: named.segmentIds ?? [],
      orgUnitIds: units,
    });
  } catch (error) {
    if (error instanceof TenantIdsUnavailableError) return issuanceError("UNAVAILABLE");
    throw error;
  }
  if (named.budgetOrgUnitId && firstForeign([named.budgetOrgUnitId], owned.orgUnitIds)) {
    return issuanceError("NOT_FOUND", { field: "budgetOrgUnitId", message: "No such org unit in your organisation" });
  }
  for (const kind of ["memberIds", "segmentIds", "orgUnitIds"] as const) {
    const foreign = firstForeign(named[kind], owned[kind]);
    if (foreign) {
      return issuanceError("NOT_FOUND", {
        field: `${prefix}${kind}.${foreign.index}`,
        message: `No such ${WHAT[kind]} in your organisation`,
      });
    }
  }
  return null;
}
