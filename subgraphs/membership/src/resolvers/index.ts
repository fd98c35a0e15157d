import { Query } from "./Query";
import { Mutation } from "./Mutation";
import { Member } from "./Member";
import { Tenant } from "./Tenant";

export const resolvers = { Query, Mutation, Member, Tenant };
