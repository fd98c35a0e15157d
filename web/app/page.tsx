import { BenefitGrid } from "@/components/mall/benefit-grid";
import { CatalogUnavailable } from "@/components/mall/catalog-unavailable";
import { MallHero } from "@/components/mall/mall-hero";
import { getBenefits } from "@/lib/graphql/catalog";

export const dynamic = "force-dynamic";

export default async function MallPage() {
  const benefits = await getBenefits();
  return (
    <>
      <MallHero />
      {benefits.ok ? <BenefitGrid benefits={benefits.value} /> : <CatalogUnavailable />}
    </>
  );
}
