import { Query } from "./Query";
import { Mutation } from "./Mutation";
import { Member } from "./Member";

export const resolvers = { Query, Mutation, Member };
