// Benefit packs: the owner chooses a pack's options (choosePackOptions, in
// wallet.graphql). One call into the packs service.
import type { BaseContext } from "@benefits-hub/platform";
import type { ChoosePackOptionsInput, PacksService } from "../domain/packs/packs.service";

/** What the packs resolvers need of the entitlements context. */
export interface PacksContext extends BaseContext {
  services: { packs: PacksService };
}

export const packsResolvers = {
  Mutation: {
    choosePackOptions: (_: unknown, { input }: { input: ChoosePackOptionsInput }, ctx: PacksContext) =>
      ctx.services.packs.choose(ctx.viewer, input),
  },
};
