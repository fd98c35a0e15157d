-- CreateEnum
CREATE TYPE "catalog"."SupplierStatus" AS ENUM ('ACTIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "catalog"."ValidityKind" AS ENUM ('FIXED_DATES', 'DAYS_AFTER_CLAIM');

-- CreateEnum
CREATE TYPE "catalog"."StockSource" AS ENUM ('CODE_POOL', 'SUPPLIER', 'UNLIMITED');

-- CreateEnum
CREATE TYPE "catalog"."CardCodeState" AS ENUM ('AVAILABLE', 'ALLOCATED', 'VOID');

-- CreateEnum
CREATE TYPE "catalog"."CodeImportStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "catalog"."TopupStatus" AS ENUM ('PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "catalog"."category" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "parent_id" UUID,
    "path" UUID[],
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."brand" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "logo_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "brand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."supplier" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "adapter" TEXT NOT NULL DEFAULT 'http-json',
    "base_url" TEXT NOT NULL,
    "secret_sealed" BYTEA,
    "timeout_ms" INTEGER NOT NULL DEFAULT 3000,
    "status" "catalog"."SupplierStatus" NOT NULL DEFAULT 'ACTIVE',
    "last_sync_at" TIMESTAMPTZ(3),
    "last_sync_error" TEXT,
    "sync_failures" INTEGER NOT NULL DEFAULT 0,
    "next_sync_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supplier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."sku" (
    "id" UUID NOT NULL,
    "benefit_id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL DEFAULT '',
    "fulfilment_kind" "catalog"."FulfilmentKind" NOT NULL,
    "face_value_fen" INTEGER NOT NULL,
    "cost_price_fen" INTEGER NOT NULL,
    "sale_price_fen" INTEGER NOT NULL,
    "validity_kind" "catalog"."ValidityKind" NOT NULL DEFAULT 'DAYS_AFTER_CLAIM',
    "valid_from" TIMESTAMPTZ(3),
    "valid_until" TIMESTAMPTZ(3),
    "valid_days" INTEGER,
    "stock_source" "catalog"."StockSource" NOT NULL,
    "pool_available" INTEGER NOT NULL DEFAULT 0,
    "supplier_stock" INTEGER,
    "low_stock_threshold" INTEGER NOT NULL DEFAULT 20,
    "supplier_id" UUID,
    "supplier_product_id" TEXT,
    "link_url" TEXT,
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sku_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."shelf_item" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "sku_id" UUID NOT NULL,
    "benefit_id" UUID NOT NULL,
    "price_fen" INTEGER NOT NULL,
    "tiers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "segment_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "position" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shelf_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."data_key" (
    "id" UUID NOT NULL,
    "master_key_id" TEXT NOT NULL,
    "wrapped_key" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."card_code" (
    "id" UUID NOT NULL,
    "sku_id" UUID NOT NULL,
    "state" "catalog"."CardCodeState" NOT NULL DEFAULT 'AVAILABLE',
    "data_key_id" UUID NOT NULL,
    "sealed" BYTEA NOT NULL,
    "fingerprint" BYTEA NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "import_id" UUID,
    "source_row" INTEGER,
    "tenant_id" UUID,
    "entitlement_id" UUID,
    "owner_member_id" UUID,
    "allocated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "card_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."card_code_reveal" (
    "id" UUID NOT NULL,
    "code_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "entitlement_id" UUID NOT NULL,
    "ip" TEXT,
    "user_agent" TEXT,
    "revealed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "card_code_reveal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."code_import" (
    "id" UUID NOT NULL,
    "sku_id" UUID NOT NULL,
    "status" "catalog"."CodeImportStatus" NOT NULL DEFAULT 'RUNNING',
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "imported_rows" INTEGER NOT NULL DEFAULT 0,
    "rejected_rows" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "code_import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."low_stock_alert" (
    "id" UUID NOT NULL,
    "sku_id" UUID NOT NULL,
    "stock" INTEGER NOT NULL,
    "threshold" INTEGER NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "low_stock_alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."topup_order" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "entitlement_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "sku_id" UUID NOT NULL,
    "supplier_id" UUID NOT NULL,
    "account_sealed" BYTEA NOT NULL,
    "account_masked" TEXT NOT NULL,
    "status" "catalog"."TopupStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supplier_order_id" TEXT,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "topup_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."audit_entry" (
    "id" UUID NOT NULL,
    "tenant_id" UUID,
    "actor_kind" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "ip" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- Benefits move from a free-text category and one implicit price to a
-- category tree and SKUs. Existing benefits keep working: each category text
-- becomes a top-level category, and each benefit gets one SKU carrying its
-- old face value (as cost and sale price too) and fulfilment kind.
ALTER TABLE "catalog"."benefit" ADD COLUMN "archived_at" TIMESTAMPTZ(3),
ADD COLUMN     "brand_id" UUID,
ADD COLUMN     "category_id" UUID,
ADD COLUMN     "description_en" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "image_url" TEXT,
ADD COLUMN     "name_en" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "search_text" TEXT NOT NULL DEFAULT '';

INSERT INTO "catalog"."category" ("id", "slug", "path", "name", "name_en", "updated_at")
SELECT c.id, c.slug, ARRAY[c.id], c.slug, c.slug, CURRENT_TIMESTAMP
FROM (SELECT gen_random_uuid() AS id, d."category" AS slug FROM (SELECT DISTINCT "category" FROM "catalog"."benefit") d) c;

UPDATE "catalog"."benefit" b SET "category_id" = c."id",
  "search_text" = lower(b."name" || ' ' || b."description")
FROM "catalog"."category" c WHERE c."slug" = b."category";

INSERT INTO "catalog"."sku" ("id", "benefit_id", "slug", "name", "fulfilment_kind", "face_value_fen", "cost_price_fen",
  "sale_price_fen", "stock_source", "updated_at")
SELECT gen_random_uuid(), b."id", b."slug" || '-default', b."name", b."fulfilment_kind", b."face_value_fen",
  b."face_value_fen", b."face_value_fen",
  CASE WHEN b."fulfilment_kind" = 'CARD_CODE' THEN 'CODE_POOL'::"catalog"."StockSource"
       WHEN b."fulfilment_kind" = 'DIRECT_TOPUP' THEN 'SUPPLIER'::"catalog"."StockSource"
       ELSE 'UNLIMITED'::"catalog"."StockSource" END,
  CURRENT_TIMESTAMP
FROM "catalog"."benefit" b;

DROP INDEX "catalog"."benefit_category_idx";

ALTER TABLE "catalog"."benefit" ALTER COLUMN "category_id" SET NOT NULL,
DROP COLUMN "category",
DROP COLUMN "face_value_fen",
DROP COLUMN "fulfilment_kind";

-- CreateIndex
CREATE UNIQUE INDEX "category_slug_key" ON "catalog"."category"("slug");

-- CreateIndex
CREATE INDEX "category_parent_id_idx" ON "catalog"."category"("parent_id");

-- CreateIndex
CREATE INDEX "category_path_idx" ON "catalog"."category" USING GIN ("path");

-- CreateIndex
CREATE UNIQUE INDEX "brand_slug_key" ON "catalog"."brand"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "supplier_slug_key" ON "catalog"."supplier"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "sku_slug_key" ON "catalog"."sku"("slug");

-- CreateIndex
CREATE INDEX "sku_benefit_id_idx" ON "catalog"."sku"("benefit_id");

-- CreateIndex
CREATE UNIQUE INDEX "sku_supplier_id_supplier_product_id_key" ON "catalog"."sku"("supplier_id", "supplier_product_id");

-- CreateIndex
CREATE INDEX "shelf_item_tenant_id_benefit_id_idx" ON "catalog"."shelf_item"("tenant_id", "benefit_id");

-- CreateIndex
CREATE UNIQUE INDEX "shelf_item_tenant_id_sku_id_key" ON "catalog"."shelf_item"("tenant_id", "sku_id");

-- CreateIndex
CREATE UNIQUE INDEX "card_code_fingerprint_key" ON "catalog"."card_code"("fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "card_code_entitlement_id_key" ON "catalog"."card_code"("entitlement_id");

-- CreateIndex
CREATE INDEX "card_code_sku_id_state_expires_at_idx" ON "catalog"."card_code"("sku_id", "state", "expires_at");

-- CreateIndex
CREATE INDEX "card_code_reveal_code_id_idx" ON "catalog"."card_code_reveal"("code_id");

-- CreateIndex
CREATE INDEX "card_code_reveal_tenant_id_revealed_at_idx" ON "catalog"."card_code_reveal"("tenant_id", "revealed_at");

-- CreateIndex
CREATE INDEX "code_import_sku_id_created_at_idx" ON "catalog"."code_import"("sku_id", "created_at");

-- CreateIndex
CREATE INDEX "low_stock_alert_sku_id_closed_at_idx" ON "catalog"."low_stock_alert"("sku_id", "closed_at");

-- CreateIndex
CREATE UNIQUE INDEX "topup_order_entitlement_id_key" ON "catalog"."topup_order"("entitlement_id");

-- CreateIndex
CREATE INDEX "topup_order_status_next_attempt_at_idx" ON "catalog"."topup_order"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "audit_entry_tenant_id_created_at_idx" ON "catalog"."audit_entry"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "benefit_category_id_idx" ON "catalog"."benefit"("category_id");

-- CreateIndex
CREATE INDEX "benefit_brand_id_idx" ON "catalog"."benefit"("brand_id");

-- AddForeignKey
ALTER TABLE "catalog"."category" ADD CONSTRAINT "category_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "catalog"."category"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."benefit" ADD CONSTRAINT "benefit_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "catalog"."category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."benefit" ADD CONSTRAINT "benefit_brand_id_fkey" FOREIGN KEY ("brand_id") REFERENCES "catalog"."brand"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."sku" ADD CONSTRAINT "sku_benefit_id_fkey" FOREIGN KEY ("benefit_id") REFERENCES "catalog"."benefit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."sku" ADD CONSTRAINT "sku_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "catalog"."supplier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."shelf_item" ADD CONSTRAINT "shelf_item_sku_id_fkey" FOREIGN KEY ("sku_id") REFERENCES "catalog"."sku"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."card_code" ADD CONSTRAINT "card_code_data_key_id_fkey" FOREIGN KEY ("data_key_id") REFERENCES "catalog"."data_key"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
