-- AlterEnum
ALTER TYPE "entitlements"."EntitlementState" ADD VALUE 'FULFILLING';

-- AlterTable
ALTER TABLE "entitlements"."budget_settlement" DROP CONSTRAINT "budget_settlement_pkey",
ADD COLUMN     "amount_fen" INTEGER,
ADD COLUMN     "part" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "budget_settlement_pkey" PRIMARY KEY ("reservation_id", "part");

-- AlterTable
ALTER TABLE "entitlements"."entitlement" ADD COLUMN     "reservation_part" TEXT;

-- CreateTable
CREATE TABLE "entitlements"."topup_request" (
    "entitlement_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "from_state" "entitlements"."EntitlementState" NOT NULL,
    "account" TEXT,
    "outcome" TEXT,
    "order_id" UUID,
    "done_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "topup_request_pkey" PRIMARY KEY ("entitlement_id")
);

-- CreateTable
CREATE TABLE "entitlements"."risk_approval_job" (
    "decision_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "approved_by" UUID NOT NULL,
    "ok" BOOLEAN,
    "message" TEXT,
    "done_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "risk_approval_job_pkey" PRIMARY KEY ("decision_id")
);

-- CreateIndex
CREATE INDEX "topup_request_done_at_next_attempt_at_idx" ON "entitlements"."topup_request"("done_at", "next_attempt_at");

-- CreateIndex
CREATE INDEX "risk_approval_job_done_at_next_attempt_at_idx" ON "entitlements"."risk_approval_job"("done_at", "next_attempt_at");
