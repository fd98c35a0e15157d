import type { Identity } from "@benefits-hub/platform";
import type { BenefitRepository, BenefitRow } from "../data/benefit.repository";
import type { CatalogLoaders } from "../loaders";

export const MAX_PAGE = 100;

export class BenefitService {
  constructor(
    private readonly benefits: BenefitRepository,
    private readonly loaders: CatalogLoaders,
  ) {}

  /** The master catalog is readable by every caller, members and visitors alike. */
  list(_viewer: Identity, first: number | null | undefined): Promise<BenefitRow[]> {
    const size = Math.min(Math.max(first ?? 50, 1), MAX_PAGE);
    return this.benefits.list(size);
  }

  byId(_viewer: Identity, id: string): Promise<BenefitRow | null> {
    return isUuid(id) ? this.loaders.benefitById.load(id) : Promise.resolve(null);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);
