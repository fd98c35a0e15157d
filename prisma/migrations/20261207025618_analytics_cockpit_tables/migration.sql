-- CreateTable
CREATE TABLE "analytics"."entitlement_fact" (
    "entitlement_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "issued_day" DATE NOT NULL,
    "campaign_id" UUID NOT NULL,
    "variant" TEXT NOT NULL,
    "benefit_id" UUID NOT NULL,
    "sku_id" UUID NOT NULL,
    "category_id" UUID NOT NULL,
    "brand_id" UUID NOT NULL,
    "supplier_id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "org_unit_id" UUID NOT NULL,
    "tier" TEXT NOT NULL,
    "cost_fen" BIGINT NOT NULL,
    "face_value_fen" BIGINT NOT NULL,
    "fulfilment_kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "entitlement_fact_pkey" PRIMARY KEY ("entitlement_id")
);

-- CreateTable
CREATE TABLE "analytics"."daily_rollup" (
    "tenant_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "campaign_id" UUID NOT NULL,
    "variant" TEXT NOT NULL,
    "benefit_id" UUID NOT NULL,
    "sku_id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "org_unit_id" UUID NOT NULL,
    "tier" TEXT NOT NULL,
    "category_id" UUID NOT NULL,
    "brand_id" UUID NOT NULL,
    "supplier_id" UUID NOT NULL,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "claimed" INTEGER NOT NULL DEFAULT 0,
    "redeemed" INTEGER NOT NULL DEFAULT 0,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "revoked" INTEGER NOT NULL DEFAULT 0,
    "issued_cost_fen" BIGINT NOT NULL DEFAULT 0,
    "redeemed_cost_fen" BIGINT NOT NULL DEFAULT 0,
    "redeemed_face_value_fen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "daily_rollup_pkey" PRIMARY KEY ("tenant_id","day","campaign_id","variant","benefit_id","sku_id","channel","org_unit_id","tier")
);

-- CreateTable
CREATE TABLE "analytics"."daily_unit_rollup" (
    "tenant_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "org_unit_id" UUID NOT NULL,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "claimed" INTEGER NOT NULL DEFAULT 0,
    "redeemed" INTEGER NOT NULL DEFAULT 0,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "revoked" INTEGER NOT NULL DEFAULT 0,
    "issued_cost_fen" BIGINT NOT NULL DEFAULT 0,
    "redeemed_cost_fen" BIGINT NOT NULL DEFAULT 0,
    "redeemed_face_value_fen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "daily_unit_rollup_pkey" PRIMARY KEY ("tenant_id","day","org_unit_id")
);

-- CreateTable
CREATE TABLE "analytics"."member_day" (
    "tenant_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "member_id" UUID NOT NULL,
    "org_unit_id" UUID NOT NULL,

    CONSTRAINT "member_day_pkey" PRIMARY KEY ("tenant_id","day","member_id")
);

-- CreateTable
CREATE TABLE "analytics"."budget_daily" (
    "tenant_id" UUID NOT NULL,
    "org_unit_id" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "funded_fen" BIGINT NOT NULL DEFAULT 0,
    "allocated_in_fen" BIGINT NOT NULL DEFAULT 0,
    "allocated_out_fen" BIGINT NOT NULL DEFAULT 0,
    "reserved_fen" BIGINT NOT NULL DEFAULT 0,
    "committed_fen" BIGINT NOT NULL DEFAULT 0,
    "released_fen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "budget_daily_pkey" PRIMARY KEY ("tenant_id","org_unit_id","period","day")
);

-- CreateTable
CREATE TABLE "analytics"."org_unit" (
    "tenant_id" UUID NOT NULL,
    "org_unit_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "parent_id" UUID,
    "path" UUID[],

    CONSTRAINT "org_unit_pkey" PRIMARY KEY ("tenant_id","org_unit_id")
);

-- CreateTable
CREATE TABLE "analytics"."dimension_label" (
    "tenant_id" UUID NOT NULL,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "dimension_label_pkey" PRIMARY KEY ("tenant_id","dimension","key")
);

-- CreateTable
CREATE TABLE "analytics"."campaign_fact" (
    "tenant_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "planned_budget_fen" BIGINT,

    CONSTRAINT "campaign_fact_pkey" PRIMARY KEY ("tenant_id","campaign_id")
);

-- CreateTable
CREATE TABLE "analytics"."supplier_order" (
    "supplier_id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "tenant_id" UUID,
    "supplier_name" TEXT NOT NULL DEFAULT '',
    "sku_id" UUID,
    "entitlement_id" UUID,
    "kind" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "day" DATE NOT NULL,

    CONSTRAINT "supplier_order_pkey" PRIMARY KEY ("supplier_id","reference")
);

-- CreateTable
CREATE TABLE "analytics"."statement_line" (
    "supplier_id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "statement_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "sku_id" UUID,
    "quantity" INTEGER NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "billed_day" DATE NOT NULL,
    "from_day" DATE NOT NULL,
    "to_day" DATE NOT NULL,

    CONSTRAINT "statement_line_pkey" PRIMARY KEY ("supplier_id","reference")
);

-- CreateIndex
CREATE INDEX "entitlement_fact_tenant_id_issued_day_idx" ON "analytics"."entitlement_fact"("tenant_id", "issued_day");

-- CreateIndex
CREATE INDEX "daily_rollup_tenant_id_org_unit_id_day_idx" ON "analytics"."daily_rollup"("tenant_id", "org_unit_id", "day");

-- CreateIndex
CREATE INDEX "org_unit_path_idx" ON "analytics"."org_unit" USING GIN ("path");

-- CreateIndex
CREATE INDEX "supplier_order_supplier_id_day_idx" ON "analytics"."supplier_order"("supplier_id", "day");

-- CreateIndex
CREATE INDEX "statement_line_supplier_id_billed_day_idx" ON "analytics"."statement_line"("supplier_id", "billed_day");

-- The redemption consumer's checkpoint becomes the entitlements consumer's:
-- it read the same outbox, and the counters it fed stay as they are.
INSERT INTO "analytics"."consumer_checkpoint" ("consumer", "xid", "seq", "updated_at")
SELECT 'analytics.entitlements', "xid", "seq", now()
  FROM "analytics"."consumer_checkpoint" WHERE "consumer" = 'analytics.redemptions'
ON CONFLICT ("consumer") DO NOTHING;
DELETE FROM "analytics"."consumer_checkpoint" WHERE "consumer" = 'analytics.redemptions';
