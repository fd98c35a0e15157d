-- CreateEnum
CREATE TYPE "catalog"."IdempotencyState" AS ENUM ('IN_PROGRESS', 'APPLIED', 'DONE');

-- CreateEnum
CREATE TYPE "membership"."IdempotencyState" AS ENUM ('IN_PROGRESS', 'APPLIED', 'DONE');

-- AlterEnum
ALTER TYPE "entitlements"."IdempotencyState" ADD VALUE 'APPLIED';

-- AlterTable
ALTER TABLE "entitlements"."idempotency_record" DROP CONSTRAINT "idempotency_record_pkey",
ADD CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("tenant_id", "actor", "operation", "key");

-- CreateTable
CREATE TABLE "catalog"."idempotency_record" (
    "tenant_id" UUID NOT NULL,
    "actor" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "state" "catalog"."IdempotencyState" NOT NULL DEFAULT 'IN_PROGRESS',
    "response" JSONB,
    "lease_until" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("tenant_id","actor","operation","key")
);

-- CreateTable
CREATE TABLE "membership"."idempotency_record" (
    "tenant_id" UUID NOT NULL,
    "actor" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "state" "membership"."IdempotencyState" NOT NULL DEFAULT 'IN_PROGRESS',
    "response" JSONB,
    "lease_until" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("tenant_id","actor","operation","key")
);
