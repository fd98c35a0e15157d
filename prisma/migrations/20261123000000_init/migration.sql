-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "analytics";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "catalog";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "entitlements";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "membership";

-- CreateEnum
CREATE TYPE "catalog"."FulfilmentKind" AS ENUM ('CARD_CODE', 'DIRECT_TOPUP', 'LINK', 'INTERNAL_SERVICE');

-- CreateEnum
CREATE TYPE "entitlements"."EntitlementState" AS ENUM ('ISSUED', 'CLAIMED', 'REDEEMED', 'EXPIRED', 'TRANSFERRED', 'REVOKED');

-- CreateEnum
CREATE TYPE "membership"."MemberRole" AS ENUM ('MEMBER', 'TENANT_ADMIN');

-- CreateTable
CREATE TABLE "analytics"."benefit_redemptions" (
    "tenant_id" UUID NOT NULL,
    "benefit_id" UUID NOT NULL,
    "redeemed_count" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "benefit_redemptions_pkey" PRIMARY KEY ("tenant_id","benefit_id")
);

-- CreateTable
CREATE TABLE "analytics"."consumer_checkpoint" (
    "consumer" TEXT NOT NULL,
    "xid" BIGINT NOT NULL DEFAULT 0,
    "seq" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consumer_checkpoint_pkey" PRIMARY KEY ("consumer")
);

-- CreateTable
CREATE TABLE "catalog"."benefit" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL,
    "fulfilment_kind" "catalog"."FulfilmentKind" NOT NULL,
    "face_value_fen" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "benefit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."entitlement" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "benefit_id" UUID NOT NULL,
    "state" "entitlements"."EntitlementState" NOT NULL DEFAULT 'ISSUED',
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "redeemed_at" TIMESTAMPTZ(3),

    CONSTRAINT "entitlement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."entitlement_event" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "tenant_id" UUID NOT NULL,
    "entitlement_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entitlement_event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "membership"."tenant" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership"."member" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "role" "membership"."MemberRole" NOT NULL DEFAULT 'MEMBER',
    "tier" TEXT NOT NULL DEFAULT 'standard',
    "password_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "benefit_slug_key" ON "catalog"."benefit"("slug");

-- CreateIndex
CREATE INDEX "benefit_category_idx" ON "catalog"."benefit"("category");

-- CreateIndex
CREATE INDEX "entitlement_tenant_id_member_id_idx" ON "entitlements"."entitlement"("tenant_id", "member_id");

-- CreateIndex
CREATE UNIQUE INDEX "entitlement_event_id_key" ON "entitlements"."entitlement_event"("id");

-- CreateIndex
CREATE INDEX "entitlement_event_xid_seq_idx" ON "entitlements"."entitlement_event"("xid", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "tenant_slug_key" ON "membership"."tenant"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "member_email_key" ON "membership"."member"("email");

-- CreateIndex
CREATE INDEX "member_tenant_id_idx" ON "membership"."member"("tenant_id");

-- AddForeignKey
ALTER TABLE "membership"."member" ADD CONSTRAINT "member_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "membership"."tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

