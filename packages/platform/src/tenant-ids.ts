// Which of these ids are a tenant's own (and, when asked, inside one org
// unit's subtree): the contract of membership's POST /internal/tenant-ids and
// the client other services call, as a service, to check every member,
// segment and org unit id of a mutation's input BEFORE they store it. An id of
// another tenant is then answered exactly like an id that does not exist.
import { IDENTITY_HEADER, internalTokenCodec, type InternalTokenCodec } from "./identity/internal-token";

export const TENANT_IDS_PATH = "/internal/tenant-ids";
/** Ids per request, all kinds together; the client splits longer lists. */
export const TENANT_IDS_MAX = 5_000;

export interface TenantIdsQuery {
  tenantId: string;
  /**
   * Only what lies in this unit's subtree: members of its units, its units
   * themselves, segments naming only its units (a unit manager's scope).
   */
  withinOrgUnitId?: string | null;
  memberIds?: readonly string[];
  segmentIds?: readonly string[];
  orgUnitIds?: readonly string[];
}

/** The asked ids that belong, lower-cased; anything not listed is foreign or missing. */
export interface TenantIds {
  memberIds: string[];
  segmentIds: string[];
  orgUnitIds: string[];
}

export class TenantIdsUnavailableError extends Error {
  override name = "TenantIdsUnavailableError";
}

const KINDS = ["memberIds", "segmentIds", "orgUnitIds"] as const;

export class TenantIdsClient {
  private readonly url: URL;
  private readonly tokens: InternalTokenCodec;

  /** `membershipUrl`: membership's base URL (a path such as /graphql is replaced). */
  constructor(
    membershipUrl: string,
    internalSecret: string,
    private readonly service: string,
    private readonly timeoutMs = 5_000,
  ) {
    this.url = new URL(TENANT_IDS_PATH, membershipUrl);
    this.tokens = internalTokenCodec(internalSecret);
  }

  /** The asked ids that are the tenant's (in the subtree); throws TenantIdsUnavailableError when membership fails. */
  async owned(query: TenantIdsQuery): Promise<TenantIds> {
    const owned: TenantIds = { memberIds: [], segmentIds: [], orgUnitIds: [] };
    for (const chunk of chunks(query)) {
      if (KINDS.every((k) => (chunk[k]?.length ?? 0) === 0)) continue;
      const answer = await this.ask(chunk);
      for (const kind of KINDS) owned[kind].push(...answer[kind]);
    }
    return owned;
  }

  private async ask(query: TenantIdsQuery): Promise<TenantIds> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [IDENTITY_HEADER]: await this.tokens.sign({ kind: "service", service: this.service }),
        },
        body: JSON.stringify(query),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TenantIdsUnavailableError(`membership unavailable: ${error instanceof Error ? error.name : "error"}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new TenantIdsUnavailableError(`membership answered HTTP ${response.status}`);
    }
    const body = (await response.json()) as Partial<Record<(typeof KINDS)[number], unknown>>;
    const answer: TenantIds = { memberIds: [], segmentIds: [], orgUnitIds: [] };
    for (const kind of KINDS) {
      const ids = body[kind] ?? [];
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) {
        throw new TenantIdsUnavailableError("membership answered a malformed list");
      }
      answer[kind] = ids as string[];
    }
    return answer;
  }
}

/** The query split so that no request carries more than TENANT_IDS_MAX ids. */
function* chunks(query: TenantIdsQuery): Generator<TenantIdsQuery> {
  const all = KINDS.flatMap((kind) => [...new Set(query[kind] ?? [])].map((id) => [kind, id] as const));
  for (let i = 0; i === 0 || i < all.length; i += TENANT_IDS_MAX) {
    const lists: TenantIds = { memberIds: [], segmentIds: [], orgUnitIds: [] };
    for (const [kind, id] of all.slice(i, i + TENANT_IDS_MAX)) lists[kind].push(id);
    yield { tenantId: query.tenantId, withinOrgUnitId: query.withinOrgUnitId ?? null, ...lists };
  }
}

/** The first of `asked` that is not in `owned` (case-insensitive), with its position; null when all are. */
export function firstForeign(
  asked: readonly string[] | null | undefined,
  owned: readonly string[],
): { index: number; id: string } | null {
  if (!asked?.length) return null;
  const known = new Set(owned.map((id) => id.toLowerCase()));
  const index = asked.findIndex((id) => !known.has(id.toLowerCase()));
  return index < 0 ? null : { index, id: asked[index]! };
}
