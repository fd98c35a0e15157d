// The entitlements resolvers, one module per area, merged type by type.
import { mergeResolverMaps } from "@benefits-hub/platform/server/merge";
import type { EntitlementsContext } from "../context";
import { campaignResolvers } from "./campaigns";
import { entitlementResolvers } from "./entitlement";
import { eventResolvers } from "./events";
import { packsResolvers } from "./packs";
import { partnerResolvers } from "./partner";
import { riskResolvers } from "./risk";
import { rulesResolvers } from "./rules";
import { walletResolvers } from "./wallet";

export const resolvers = mergeResolverMaps<EntitlementsContext>(
  entitlementResolvers,
  walletResolvers,
  partnerResolvers,
  eventResolvers,
  riskResolvers,
  campaignResolvers,
  rulesResolvers,
  packsResolvers,
);
