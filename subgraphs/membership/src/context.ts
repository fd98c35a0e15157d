import { accessTokenCodec, type BaseContext, type Identity, type Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { MemberRepository } from "./data/member.repository";
import { AuthService } from "./domain/auth.service";
import { MemberService } from "./domain/member.service";
import { createLoaders } from "./loaders";

export interface MembershipContext extends BaseContext {
  services: { members: MemberService; auth: AuthService };
}

export function contextFactory(db: PrismaClient, authSecret: string) {
  const members = new MemberRepository(db);
  const auth = new AuthService(members, accessTokenCodec(authSecret));
  return (viewer: Identity, log: Logger): MembershipContext => ({
    viewer,
    log,
    services: { members: new MemberService(createLoaders(members)), auth },
  });
}
