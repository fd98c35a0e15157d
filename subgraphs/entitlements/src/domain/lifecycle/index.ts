// The lifecycle's services, built once per process: redemption (members,
// partners, top-ups), acceptance, transfer, reveal and top-up, revocation,
// the chain verifier, and what the background work needs (expiry sweeper,
// settlement sender, legacy sealing). Registers the approval handlers that
// carry out redemptions and transfers held for risk review.
import type { EntitlementsDeps } from "../../context";
import { ChainRepository } from "../../data/chain.repository";
import { FactsRepository } from "../../data/facts.repository";
import { SettlementRepository } from "../../data/settlement.repository";
import { TopupRequestRepository } from "../../data/topup-request.repository";
import { ExpirySweeper } from "../../workers/expiry";
import { SettlementSender } from "../../workers/settlement";
import { TopupSender } from "../../workers/topup";
import { ChainVerifier } from "../chain-verifier";
import { TransferFacts } from "../facts/transfer-facts";
import { RedemptionService } from "../redemption.service";
import { AcceptService } from "./accept.service";
import { FulfilmentService } from "./fulfilment.service";
import type { LifecycleDeps } from "./lifecycle-deps";
import { MoveWriter } from "./move-writer";
import { RevocationService } from "./revocation.service";
import { TopupService } from "./topup.service";
import type { RiskGate } from "./risk-gate";
import { TransferService } from "./transfer.service";

export interface LifecycleServices {
  redemptions: RedemptionService;
  acceptance: AcceptService;
  transfers: TransferService;
  fulfilment: FulfilmentService;
  revocations: RevocationService;
  chains: ChainVerifier;
  lifecycleWork: {
    expiry: ExpirySweeper;
    settlements: SettlementSender;
    topups: TopupSender;
    chains: ChainRepository;
  };
}

export function createLifecycleServices(deps: EntitlementsDeps, risk: RiskGate | null): LifecycleServices {
  const settlements = new SettlementRepository(deps.db);
  const writer = new MoveWriter(deps.entitlements, deps.events, settlements, deps.pubsub, deps.log);
  const chains = new ChainRepository(deps.db);
  const d: LifecycleDeps = {
    entitlements: deps.entitlements,
    events: deps.events,
    writer,
    idempotency: deps.idempotency,
    codes: deps.codes,
    catalog: deps.catalog,
    audience: deps.audience,
    risk,
  };
  const redemptions = new RedemptionService(d);
  const transfers = new TransferService(d, new TransferFacts(new FactsRepository(deps.db), deps.catalog));
  const topupRequests = new TopupRequestRepository(deps.db);
  const topups = new TopupService(d, topupRequests);
  risk?.setApprovalHandler("REDEEM", (decision, complete) => redemptions.redeemApproved(decision, complete));
  risk?.setApprovalHandler("TRANSFER", (decision, complete) => transfers.transferApproved(decision, complete));
  return {
    redemptions,
    acceptance: new AcceptService(d),
    transfers,
    fulfilment: new FulfilmentService(d, topups),
    revocations: new RevocationService(d),
    chains: new ChainVerifier(chains),
    lifecycleWork: {
      expiry: new ExpirySweeper(deps.entitlements, deps.events, writer),
      settlements: new SettlementSender(settlements, deps.budget, deps.log),
      topups: new TopupSender(topupRequests, topups, deps.log),
      chains,
    },
  };
}
