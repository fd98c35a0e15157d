import type { BaseContext, HubPubSub, Identity, Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { EntitlementRepository } from "./data/entitlement.repository";
import { RedemptionService } from "./domain/redemption.service";
import { WalletService } from "./domain/wallet.service";
import { createLoaders } from "./loaders";

export interface EntitlementsContext extends BaseContext {
  services: { wallet: WalletService; redemptions: RedemptionService };
}

export function contextFactory(db: PrismaClient, pubsub: HubPubSub) {
  const entitlements = new EntitlementRepository(db);
  return (viewer: Identity, log: Logger): EntitlementsContext => {
    const loaders = createLoaders(entitlements);
    return {
      viewer,
      log,
      services: {
        wallet: new WalletService(entitlements, loaders),
        redemptions: new RedemptionService(entitlements, loaders, pubsub, log),
      },
    };
  };
}
