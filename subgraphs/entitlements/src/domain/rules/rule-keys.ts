// The issuance keys rules issue under. issue() is idempotent by key, so a
// key names exactly one award: a FIRST_EVENT rule's once per member, a
// STREAK rule's once per member and completed block (named by its last day).
export const firstEventKey = (ruleId: string, memberId: string) => `rule:${ruleId}:first:${memberId}`;

export const streakKey = (ruleId: string, memberId: string, endDay: string) =>
  `rule:${ruleId}:streak:${memberId}:${endDay}`;
