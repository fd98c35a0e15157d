-- CreateEnum
CREATE TYPE "membership"."ImportStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "membership"."BudgetEntryKind" AS ENUM ('FUNDING', 'ALLOCATION', 'RESERVE', 'RELEASE', 'COMMIT');

-- CreateEnum
CREATE TYPE "membership"."ReservationState" AS ENUM ('HELD', 'COMMITTED', 'RELEASED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "membership"."MemberRole" ADD VALUE 'UNIT_MANAGER';
ALTER TYPE "membership"."MemberRole" ADD VALUE 'PLATFORM_OPERATOR';

-- AlterTable
ALTER TABLE "membership"."member" ADD COLUMN     "attributes" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "failed_logins" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "joined_at" DATE,
ADD COLUMN     "locked_until" TIMESTAMPTZ(3),
ADD COLUMN     "org_unit_id" UUID,
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "membership"."org_unit" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "parent_id" UUID,
    "name" TEXT NOT NULL,
    "path" UUID[],
    "depth" INTEGER NOT NULL,
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "org_unit_pkey" PRIMARY KEY ("id")
);

-- Backfill (hand-written): each existing tenant gets a root unit named after it,
-- and its existing members join that unit; then every member must have a unit.
INSERT INTO "membership"."org_unit" ("id", "tenant_id", "parent_id", "name", "path", "depth", "updated_at")
SELECT u.id, u.tenant_id, NULL, u.name, ARRAY[u.id], 0, CURRENT_TIMESTAMP
FROM (SELECT gen_random_uuid() AS id, t."id" AS tenant_id, t."name" AS name FROM "membership"."tenant" t) u;
UPDATE "membership"."member" m SET "org_unit_id" = u."id"
FROM "membership"."org_unit" u WHERE u."tenant_id" = m."tenant_id" AND u."parent_id" IS NULL;
ALTER TABLE "membership"."member" ALTER COLUMN "org_unit_id" SET NOT NULL;

-- CreateTable
CREATE TABLE "membership"."refresh_token" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "family_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "replaced_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refresh_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership"."api_key" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "permissions" TEXT[],
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership"."segment" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership"."member_import" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "status" "membership"."ImportStatus" NOT NULL DEFAULT 'RUNNING',
    "total_rows" INTEGER NOT NULL DEFAULT 0,
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "imported_rows" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB NOT NULL DEFAULT '[]',
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "member_import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership"."budget_ledger_entry" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "org_unit_id" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "kind" "membership"."BudgetEntryKind" NOT NULL,
    "available_delta_fen" BIGINT NOT NULL,
    "reserved_delta_fen" BIGINT NOT NULL DEFAULT 0,
    "committed_delta_fen" BIGINT NOT NULL DEFAULT 0,
    "counterpart_id" UUID,
    "reservation_id" UUID,
    "actor_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_ledger_entry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "membership"."budget_account" (
    "tenant_id" UUID NOT NULL,
    "org_unit_id" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "available_fen" BIGINT NOT NULL DEFAULT 0,
    "reserved_fen" BIGINT NOT NULL DEFAULT 0,
    "committed_fen" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "budget_account_pkey" PRIMARY KEY ("tenant_id","org_unit_id","period")
);

-- CreateTable
CREATE TABLE "membership"."budget_reservation" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "org_unit_id" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "state" "membership"."ReservationState" NOT NULL DEFAULT 'HELD',
    "idempotency_key" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "budget_reservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership"."audit_entry" (
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

-- CreateIndex
CREATE INDEX "org_unit_tenant_id_parent_id_idx" ON "membership"."org_unit"("tenant_id", "parent_id");

-- CreateIndex
CREATE INDEX "org_unit_path_idx" ON "membership"."org_unit" USING GIN ("path");

-- CreateIndex
CREATE UNIQUE INDEX "refresh_token_token_hash_key" ON "membership"."refresh_token"("token_hash");

-- CreateIndex
CREATE INDEX "refresh_token_family_id_idx" ON "membership"."refresh_token"("family_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "membership"."api_key"("prefix");

-- CreateIndex
CREATE INDEX "api_key_tenant_id_idx" ON "membership"."api_key"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "segment_tenant_id_name_key" ON "membership"."segment"("tenant_id", "name");

-- CreateIndex
CREATE INDEX "member_import_tenant_id_created_at_idx" ON "membership"."member_import"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "budget_ledger_entry_id_key" ON "membership"."budget_ledger_entry"("id");

-- CreateIndex
CREATE INDEX "budget_ledger_entry_tenant_id_org_unit_id_period_seq_idx" ON "membership"."budget_ledger_entry"("tenant_id", "org_unit_id", "period", "seq");

-- CreateIndex
CREATE INDEX "budget_ledger_entry_reservation_id_idx" ON "membership"."budget_ledger_entry"("reservation_id");

-- CreateIndex
CREATE UNIQUE INDEX "budget_reservation_tenant_id_idempotency_key_key" ON "membership"."budget_reservation"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "audit_entry_tenant_id_created_at_idx" ON "membership"."audit_entry"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "member_tenant_id_org_unit_id_idx" ON "membership"."member"("tenant_id", "org_unit_id");

-- AddForeignKey
ALTER TABLE "membership"."org_unit" ADD CONSTRAINT "org_unit_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "membership"."tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership"."org_unit" ADD CONSTRAINT "org_unit_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "membership"."org_unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership"."member" ADD CONSTRAINT "member_org_unit_id_fkey" FOREIGN KEY ("org_unit_id") REFERENCES "membership"."org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership"."refresh_token" ADD CONSTRAINT "refresh_token_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "membership"."member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
