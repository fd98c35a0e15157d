// When an accepted entitlement expires: a campaign item valid N days after
// claim starts counting at acceptance; fixed dates keep the expiry it has.
const DAY_MS = 86_400_000;

export function expiryOnAccept(validity: unknown, acceptedAt: Date, current: Date | null): Date | null {
  if (typeof validity !== "object" || validity === null) return current;
  const { kind, validDays } = validity as { kind?: unknown; validDays?: unknown };
  if (kind === "DAYS_AFTER_CLAIM" && typeof validDays === "number" && Number.isInteger(validDays) && validDays > 0) {
    return new Date(acceptedAt.getTime() + validDays * DAY_MS);
  }
  return current;
}
