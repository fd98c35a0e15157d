// The entitlements resolvers, one module per area, merged type by type.
import { mergeResolverMaps } from "@benefits-hub/platform/server/merge";
import type { EntitlementsContext } from "../context";
import { Query } from "./Query";
import { Mutation } from "./Mutation";
import { Entitlement } from "./Entitlement";
import { riskResolvers } from "./risk";

export const resolvers = mergeResolverMaps<EntitlementsContext>({ Query, Mutation, Entitlement }, riskResolvers);
