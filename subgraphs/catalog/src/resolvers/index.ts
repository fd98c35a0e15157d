import { Query } from "./Query";
import { Benefit } from "./Benefit";

export const resolvers = { Query, Benefit };
