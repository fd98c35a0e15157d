// Members claiming from a campaign and redeeming what they got, through the
// gateway, as a careful client does: an answer that is not final (a lost
// connection, a 5xx, UNAVAILABLE, IN_PROGRESS) is retried with the same
// idempotency key until a final one comes back, so every key ends with one
// known outcome that the database must agree with.
import { randomUUID } from "node:crypto";

const CLAIM = `mutation ($input: ClaimCampaignInput!) {
  claimCampaign(input: $input) { entitlement { id state } errors { code message } }
}`;
const REDEEM = `mutation ($input: RedeemEntitlementInput!) {
  redeemEntitlement(input: $input) { entitlement { id state } errors { code message } }
}`;
/** Typed answers that say "not decided yet": the same request must be sent again. */
const NOT_FINAL = new Set(["UNAVAILABLE", "IN_PROGRESS", "INTERNAL", "INTERNAL_SERVER_ERROR"]);
const CLIENT_ERRORS = new Set(["UNAUTHENTICATED", "FORBIDDEN", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"]);

export interface Outcome {
  ok: boolean;
  entitlementId?: string;
  code?: string;
}

export class ClaimLoad {
  /** Final answers by claim key. */
  readonly claims = new Map<string, Outcome>();
  /** Entitlements whose redemption was answered as done. */
  readonly redeemed = new Set<string>();
  /** Answers that were not final, by kind (each was retried). */
  readonly retried: Record<string, number> = {};
  private running = false;
  private workers: Promise<void>[] = [];
  private next = 0;

  constructor(
    private readonly gatewayUrl: string,
    private readonly members: { token: string }[],
    private readonly campaignId: string,
    private readonly retryForMs = 120_000,
  ) {}

  /** Successful claims and redemptions so far. */
  progress(): number {
    return [...this.claims.values()].filter((o) => o.ok).length + this.redeemed.size;
  }

  start(concurrency: number): void {
    this.running = true;
    this.workers = Array.from({ length: concurrency }, () => this.work());
  }

  /** Starts nothing new; waits until every request under way has its final answer. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    while (this.running) await this.claimAndRedeem();
  }

  /** One member's claim, then the redemption of what it gave, each to its final answer. */
  async claimAndRedeem(): Promise<{ claim: Outcome; redeem?: Outcome }> {
    const member = this.members[this.next++ % this.members.length]!;
    const key = randomUUID();
    const claim = await this.untilFinal(member.token, CLAIM, { campaignId: this.campaignId }, key, "claimCampaign");
    this.claims.set(key, claim);
    if (!claim.ok || !claim.entitlementId) return { claim };
    const redeem = await this.untilFinal(
      member.token,
      REDEEM,
      { entitlementId: claim.entitlementId },
      randomUUID(),
      "redeemEntitlement",
    );
    if (redeem.ok) this.redeemed.add(claim.entitlementId);
    return { claim, redeem };
  }

  private async untilFinal(
    token: string,
    query: string,
    input: object,
    idempotencyKey: string,
    field: string,
  ): Promise<Outcome> {
    const deadline = Date.now() + this.retryForMs;
    for (;;) {
      const answer = await this.send(token, query, { input: { ...input, idempotencyKey } }, field);
      if (answer.final) return answer.outcome;
      this.retried[answer.why] = (this.retried[answer.why] ?? 0) + 1;
      if (Date.now() > deadline) return { ok: false, code: `NO_FINAL_ANSWER (${answer.why})` };
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  private async send(
    token: string,
    query: string,
    variables: object,
    field: string,
  ): Promise<{ final: true; outcome: Outcome } | { final: false; why: string }> {
    let response: Response;
    try {
      response = await fetch(this.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      return { final: false, why: `network: ${(error as Error).name}` };
    }
    if (response.status >= 500) return { final: false, why: `HTTP ${response.status}` };
    const body = (await response.json().catch(() => null)) as {
      data?: Record<string, { entitlement: { id: string; state: string } | null; errors: { code: string }[] }>;
      errors?: { message: string; extensions?: { code?: string } }[];
    } | null;
    const payload = body?.data?.[field];
    if (!payload) {
      const refusal = body?.errors?.[0]?.extensions?.code ?? "no data";
      // The caller's own mistake is final; anything else (a subgraph that went away) is retried.
      if (CLIENT_ERRORS.has(refusal)) return { final: true, outcome: { ok: false, code: refusal } };
      return { final: false, why: `GraphQL: ${refusal}` };
    }
    const code = payload.errors[0]?.code;
    if (code && NOT_FINAL.has(code)) return { final: false, why: code };
    if (code) return { final: true, outcome: { ok: false, code } };
    return { final: true, outcome: { ok: true, entitlementId: payload.entitlement!.id } };
  }
}
