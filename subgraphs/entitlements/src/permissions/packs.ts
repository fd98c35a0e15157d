// Benefit packs: members choose their own pack's options (the service checks
// the pack is theirs: anyone else's is NOT_FOUND).
import { isMember } from "@benefits-hub/platform";

export const packsPermissions = {
  Mutation: { choosePackOptions: isMember },
  ChoosePackPayload: isMember,
};
