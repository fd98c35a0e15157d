import { accessTokenCodec, type BaseContext, type Identity, type Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { MemberRepository } from "./data/member.repository";
import { AuthService } from "./domain/auth.service";
import { MemberService } from "./domain/member.service";
import { OrgUnitRepository } from "./data/org-unit.repository";
import { OrgService } from "./domain/org.service";
import { createLoaders } from "./loaders";

export interface MembershipContext extends BaseContext {
  services: { members: MemberService; auth: AuthService; org: OrgService };
}

export function contextFactory(db: PrismaClient, authSecret: string) {
  const members = new MemberRepository(db);
  const units = new OrgUnitRepository(db);
  const auth = new AuthService(members, accessTokenCodec(authSecret));
  return (viewer: Identity, log: Logger): MembershipContext => {
    const loaders = createLoaders(members, units);
    return {
      viewer,
      log,
      services: { members: new MemberService(loaders), auth, org: new OrgService(units, loaders) },
    };
  };
}
