// A member's audience from membership's POST /internal/audience: tier,
// segments, org unit and path, to check a campaign's audience and a transfer's
// recipient, and for the facts of the events that create entitlements. Not cached: eligibility is decided on fresh facts.
import { IDENTITY_HEADER, internalTokenCodec, type InternalTokenCodec } from "@benefits-hub/platform";
import { SERVICE_IDENTITY, UnavailableError } from "./graph.client";

export interface MemberFacts {
  tier: string;
  segmentIds: string[];
  /** The member's org unit and its ancestors, root first. */
  orgUnitPath: string[];
  /** The member's own org unit (null from a membership that does not name it). */
  orgUnitId?: string | null;
  orgUnitName?: string | null;
}

export class AudienceClient {
  private readonly url: URL;
  private readonly tokens: InternalTokenCodec;

  constructor(
    membershipBaseUrl: string,
    internalSecret: string,
    private readonly timeoutMs = 3_000,
  ) {
    this.url = new URL("/internal/audience", membershipBaseUrl);
    this.tokens = internalTokenCodec(internalSecret);
  }

  /**
   * The member's facts; null when the tenant has no such member. With
   * `segments: false` membership skips evaluating segments (segmentIds is
   * then empty): for callers that need only the unit and tier.
   */
  async factsOf(tenantId: string, memberId: string, { segments = true } = {}): Promise<MemberFacts | null> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", [IDENTITY_HEADER]: await this.tokens.sign(SERVICE_IDENTITY) },
        body: JSON.stringify(segments ? { tenantId, memberId } : { tenantId, memberId, segments }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new UnavailableError("membership", error instanceof Error ? error.message : String(error));
    }
    if (response.status === 404 || response.status === 400) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new UnavailableError("membership", `HTTP ${response.status}`);
    }
    const body = (await response.json()) as Partial<MemberFacts>;
    return {
      tier: body.tier ?? "",
      segmentIds: body.segmentIds ?? [],
      orgUnitPath: body.orgUnitPath ?? [],
      orgUnitId: body.orgUnitId ?? null,
      orgUnitName: body.orgUnitName ?? null,
    };
  }
}
