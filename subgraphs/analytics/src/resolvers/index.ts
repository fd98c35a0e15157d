import { Fen } from "@benefits-hub/platform/server/fen-scalar";
import { Query } from "./Query";
import { Subscription } from "./Subscription";
import { Benefit } from "./Benefit";
import { BenefitRedemptionStat } from "./BenefitRedemptionStat";
import { CampaignReport } from "./CampaignReport";

export const resolvers = { Query, Subscription, Benefit, BenefitRedemptionStat, CampaignReport, Fen };
