import { Query } from "./Query";
import { Subscription } from "./Subscription";
import { Benefit } from "./Benefit";
import { BenefitRedemptionStat } from "./BenefitRedemptionStat";

export const resolvers = { Query, Subscription, Benefit, BenefitRedemptionStat };
