-- AlterTable
ALTER TABLE "entitlements"."campaign_item" ADD COLUMN     "benefit_name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "brand_id" UUID,
ADD COLUMN     "brand_name" TEXT,
ADD COLUMN     "category_id" UUID,
ADD COLUMN     "category_name" TEXT,
ADD COLUMN     "face_value_fen" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sku_name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "supplier_id" UUID,
ADD COLUMN     "supplier_name" TEXT;

-- Items created before the catalog facts were kept: the nearest known face value is what the item costs
-- (names empty, category, brand and supplier unknown). Items created from now on snapshot the catalog's.
UPDATE "entitlements"."campaign_item" SET "face_value_fen" = "cost_fen";
