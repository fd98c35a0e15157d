// A member's moves on what they hold: accept, reveal a card code, top up, redeem, transfer, choose a pack's
// options. Each sends the idempotency key of the member's action, so a double click or a retry changes nothing more.
import { gql } from "@urql/core";
import { runMutation, type ActionError, type ActionResult } from "./action-result";
import type { EntitlementState } from "../wallet/tabs";

/** Who is acting, and the facts risk control and the hub's records get about the browser. */
export interface MemberCall {
  token: string;
  idempotencyKey: string;
  deviceId: string;
  headers: Record<string, string>;
}

interface Moved {
  id: string;
  state: EntitlementState;
}

interface EntitlementPayload {
  entitlement: Moved | null;
  errors: ActionError[];
}

const ERRORS = `errors { code message field }`;

const AcceptMutation = gql<{ acceptEntitlement: EntitlementPayload }, { input: object }>`
  mutation AcceptEntitlement($input: EntitlementActionInput!) {
    acceptEntitlement(input: $input) { entitlement { id state } ${ERRORS} }
  }
`;
const RedeemMutation = gql<{ redeemEntitlement: EntitlementPayload }, { input: object }>`
  mutation RedeemEntitlement($input: RedeemEntitlementInput!) {
    redeemEntitlement(input: $input) { entitlement { id state } ${ERRORS} }
  }
`;
const TopupMutation = gql<{ topupEntitlement: EntitlementPayload }, { input: object }>`
  mutation TopupEntitlement($input: TopupEntitlementInput!) {
    topupEntitlement(input: $input) { entitlement { id state } ${ERRORS} }
  }
`;

export interface CardCode {
  code: string;
  pin: string | null;
  expiresAt: string | null;
}

const RevealMutation = gql<
  { revealEntitlement: { cardCode: CardCode | null; errors: ActionError[] } },
  { input: object }
>`
  mutation RevealEntitlement($input: RevealEntitlementInput!) {
    revealEntitlement(input: $input) { cardCode { code pin expiresAt } ${ERRORS} }
  }
`;
const TransferMutation = gql<
  { transferEntitlement: { received: Moved | null; errors: ActionError[] } },
  { input: object }
>`
  mutation TransferEntitlement($input: TransferEntitlementInput!) {
    transferEntitlement(input: $input) { received { id state } ${ERRORS} }
  }
`;
const ChoosePackMutation = gql<
  { choosePackOptions: { chosen: Moved[]; pack: Moved | null; errors: ActionError[] } },
  { input: object }
>`
  mutation ChoosePackOptions($input: ChoosePackOptionsInput!) {
    choosePackOptions(input: $input) { pack { id state } chosen { id state } ${ERRORS} }
  }
`;

const base = (call: MemberCall, entitlementId: string) => ({ entitlementId, idempotencyKey: call.idempotencyKey });
const risk = (call: MemberCall) => ({ risk: { deviceId: call.deviceId } });

export function acceptEntitlement(call: MemberCall, entitlementId: string): Promise<ActionResult<Moved>> {
  const input = { ...base(call, entitlementId), ...risk(call) };
  return runMutation(
    "AcceptEntitlement",
    call.token,
    AcceptMutation,
    { input },
    (d) => ({
      value: d.acceptEntitlement.entitlement,
      errors: d.acceptEntitlement.errors,
    }),
    call.headers,
  );
}

export function redeemEntitlement(call: MemberCall, entitlementId: string): Promise<ActionResult<Moved>> {
  const input = { ...base(call, entitlementId), ...risk(call) };
  return runMutation(
    "RedeemEntitlement",
    call.token,
    RedeemMutation,
    { input },
    (d) => ({
      value: d.redeemEntitlement.entitlement,
      errors: d.redeemEntitlement.errors,
    }),
    call.headers,
  );
}

export function topupEntitlement(
  call: MemberCall,
  entitlementId: string,
  account: string,
): Promise<ActionResult<Moved>> {
  const input = { ...base(call, entitlementId), account };
  return runMutation(
    "TopupEntitlement",
    call.token,
    TopupMutation,
    { input },
    (d) => ({
      value: d.topupEntitlement.entitlement,
      errors: d.topupEntitlement.errors,
    }),
    call.headers,
  );
}

export function revealEntitlement(call: MemberCall, entitlementId: string): Promise<ActionResult<CardCode>> {
  const input = base(call, entitlementId);
  return runMutation(
    "RevealEntitlement",
    call.token,
    RevealMutation,
    { input },
    (d) => ({
      value: d.revealEntitlement.cardCode,
      errors: d.revealEntitlement.errors,
    }),
    call.headers,
  );
}

export function transferEntitlement(
  call: MemberCall,
  entitlementId: string,
  toMemberId: string,
): Promise<ActionResult<Moved>> {
  const input = { ...base(call, entitlementId), toMemberId, ...risk(call) };
  return runMutation(
    "TransferEntitlement",
    call.token,
    TransferMutation,
    { input },
    (d) => ({
      value: d.transferEntitlement.received,
      errors: d.transferEntitlement.errors,
    }),
    call.headers,
  );
}

export function choosePackOptions(
  call: MemberCall,
  entitlementId: string,
  itemIds: string[],
): Promise<ActionResult<Moved[]>> {
  const input = { ...base(call, entitlementId), itemIds };
  return runMutation(
    "ChoosePackOptions",
    call.token,
    ChoosePackMutation,
    { input },
    (d) => ({
      value: d.choosePackOptions.pack ? d.choosePackOptions.chosen : null,
      errors: d.choosePackOptions.errors,
    }),
    call.headers,
  );
}
