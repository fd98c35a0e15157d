import { Query } from "./Query";
import { Mutation } from "./Mutation";
import { Member } from "./Member";
import { Tenant } from "./Tenant";
import { OrgUnit } from "./OrgUnit";
import { OrgQuery } from "./OrgQuery";
import { OrgMutation } from "./OrgMutation";

export const resolvers = {
  Query: { ...Query, ...OrgQuery },
  Mutation: { ...Mutation, ...OrgMutation },
  Member,
  Tenant,
  OrgUnit,
};
