// Keyword search reads two columns of catalog.benefit that this file alone
// writes: search_text (everything a member might type: names and
// descriptions in both languages, the brand's names and aliases, the category
// and its ancestors, the SKUs' names) and search_title (benefit and brand
// names and aliases, which rank a match higher). One UPDATE recomputes them
// for every benefit a change touches, inside the change's transaction.
import { Prisma, type PrismaClient } from "@benefits-hub/platform/db/client";

/** The benefits whose search text a change makes stale. */
export type SearchScope =
  | { benefitIds: string[] }
  | { brandId: string }
  /** The category and every category below it. */
  | { categoryId: string };

type Db = PrismaClient | Prisma.TransactionClient;

export async function refreshSearchIndex(db: Db, scope: SearchScope): Promise<void> {
  await db.$executeRaw`
    UPDATE catalog.benefit b SET
      search_title = lower(concat_ws(' ', b.name, b.name_en, br.name, br.name_en, array_to_string(br.aliases, ' '))),
      search_text = lower(concat_ws(' ', b.name, b.name_en, b.description, b.description_en,
        br.name, br.name_en, array_to_string(br.aliases, ' '),
        (SELECT string_agg(concat_ws(' ', c.name, c.name_en), ' ') FROM catalog.category c WHERE c.id = ANY(cat.path)),
        (SELECT string_agg(concat_ws(' ', s.name, s.name_en), ' ' ORDER BY s.name)
           FROM catalog.sku s WHERE s.benefit_id = b.id AND s.archived_at IS NULL)))
    FROM catalog.benefit b2
    JOIN catalog.category cat ON cat.id = b2.category_id
    LEFT JOIN catalog.brand br ON br.id = b2.brand_id
    WHERE b2.id = b.id AND ${scopeCondition(scope)}`;
}

function scopeCondition(scope: SearchScope): Prisma.Sql {
  if ("benefitIds" in scope) return Prisma.sql`b2.id = ANY(${scope.benefitIds}::uuid[])`;
  if ("brandId" in scope) return Prisma.sql`b2.brand_id = ${scope.brandId}::uuid`;
  return Prisma.sql`cat.path @> ARRAY[${scope.categoryId}::uuid]`;
}
