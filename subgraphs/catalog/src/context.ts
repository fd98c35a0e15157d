import type { BaseContext, Identity, Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { BenefitRepository } from "./data/benefit.repository";
import { BenefitService } from "./domain/benefit.service";
import { createLoaders } from "./loaders";

export interface CatalogContext extends BaseContext {
  services: { benefits: BenefitService };
}

export function contextFactory(db: PrismaClient) {
  const benefits = new BenefitRepository(db);
  return (viewer: Identity, log: Logger): CatalogContext => {
    const loaders = createLoaders(benefits);
    return { viewer, log, services: { benefits: new BenefitService(benefits, loaders) } };
  };
}
