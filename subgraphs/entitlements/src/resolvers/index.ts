import { Query } from "./Query";
import { Mutation } from "./Mutation";
import { Entitlement } from "./Entitlement";

export const resolvers = { Query, Mutation, Entitlement };
