-- AlterTable
ALTER TABLE "catalog"."benefit" ADD COLUMN     "search_title" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "catalog"."brand" ADD COLUMN     "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Backfill: what catalog/src/data/search-index.repository.ts keeps from now on.
UPDATE "catalog"."benefit" b SET
  "search_title" = lower(concat_ws(' ', b."name", b."name_en", br."name", br."name_en", array_to_string(br."aliases", ' '))),
  "search_text" = lower(concat_ws(' ', b."name", b."name_en", b."description", b."description_en",
    br."name", br."name_en", array_to_string(br."aliases", ' '),
    (SELECT string_agg(concat_ws(' ', c."name", c."name_en"), ' ') FROM "catalog"."category" c WHERE c."id" = ANY(cat."path")),
    (SELECT string_agg(concat_ws(' ', s."name", s."name_en"), ' ') FROM "catalog"."sku" s WHERE s."benefit_id" = b."id" AND s."archived_at" IS NULL)))
FROM "catalog"."benefit" b2
JOIN "catalog"."category" cat ON cat."id" = b2."category_id"
LEFT JOIN "catalog"."brand" br ON br."id" = b2."brand_id"
WHERE b2."id" = b."id";
