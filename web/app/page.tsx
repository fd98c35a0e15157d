// The mall (权益商城): the signed-in member's campaigns and tenant's shelf, filtered by the URL; a sign-in
// invitation otherwise.
import { CampaignSection } from "@/components/campaigns/campaign-section";
import { CatalogUnavailable } from "@/components/mall/catalog-unavailable";
import { FilterProblems } from "@/components/mall/filter-problems";
import { MallHero } from "@/components/mall/mall-hero";
import styles from "@/components/mall/mall.module.css";
import { ShelfFilters } from "@/components/mall/shelf-filters";
import { ShelfResults } from "@/components/mall/shelf-results";
import { SignInPrompt } from "@/components/mall/sign-in-prompt";
import { readToken } from "@/lib/auth/session";
import { getClaimableCampaigns } from "@/lib/graphql/campaigns";
import { loadMall } from "@/lib/mall/load-mall";
import { hasFilters, readMallQuery, type SearchParams } from "@/lib/mall/search-params";

export const dynamic = "force-dynamic";

export default async function MallPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const token = await readToken();
  if (!token) {
    return (
      <>
        <MallHero />
        <SignInPrompt />
      </>
    );
  }
  const requested = readMallQuery(await searchParams);
  const [mall, campaigns] = await Promise.all([loadMall(token, requested), getClaimableCampaigns(token)]);
  if (!mall.ok) {
    return (
      <>
        <MallHero />
        {mall.failure === "unauthenticated" ? <SignInPrompt expired /> : <CatalogUnavailable />}
      </>
    );
  }
  const { context, page, query, problems } = mall;
  return (
    <>
      <MallHero viewer={context.viewer} />
      <CampaignSection campaigns={campaigns} />
      <div className={styles.layout}>
        <ShelfFilters query={query} categories={context.categories} brands={context.brands} problems={problems} />
        <div className={styles.main}>
          <FilterProblems problems={problems} />
          <ShelfResults page={page} query={query} filtered={hasFilters(query)} />
        </div>
      </div>
    </>
  );
}
