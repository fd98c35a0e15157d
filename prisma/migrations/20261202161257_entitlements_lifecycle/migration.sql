-- CreateEnum
CREATE TYPE "entitlements"."CampaignState" AS ENUM ('DRAFT', 'SCHEDULED', 'LIVE', 'PAUSED', 'ENDED');

-- CreateEnum
CREATE TYPE "entitlements"."CampaignChannel" AS ENUM ('CLAIM', 'GRANT', 'RULE');

-- CreateEnum
CREATE TYPE "entitlements"."CampaignKind" AS ENUM ('SINGLE', 'PACK');

-- CreateEnum
CREATE TYPE "entitlements"."IssuanceState" AS ENUM ('PENDING', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "entitlements"."IdempotencyState" AS ENUM ('IN_PROGRESS', 'DONE');

-- CreateEnum
CREATE TYPE "entitlements"."BudgetSettlementKind" AS ENUM ('COMMIT', 'RELEASE');

-- CreateEnum
CREATE TYPE "entitlements"."JobState" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "entitlements"."RiskOutcome" AS ENUM ('ALLOW', 'CHALLENGE', 'REVIEW', 'DENY');

-- CreateEnum
CREATE TYPE "entitlements"."RiskRuleKind" AS ENUM ('VELOCITY', 'BLACKLIST', 'REGION', 'DEVICE_ACCOUNTS', 'IDENTITY');

-- CreateEnum
CREATE TYPE "entitlements"."ReviewState" AS ENUM ('NONE', 'PENDING', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "entitlements"."IssuanceTrigger" AS ENUM ('FIRST_EVENT', 'STREAK');

-- AlterTable
ALTER TABLE "entitlements"."entitlement" ADD COLUMN     "campaign_id" UUID,
ADD COLUMN     "campaign_item_id" UUID,
ADD COLUMN     "claimed_at" TIMESTAMPTZ(3),
ADD COLUMN     "code_hash" TEXT,
ADD COLUMN     "cost_fen" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_at" TIMESTAMPTZ(3),
ADD COLUMN     "expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "fulfilment_kind" TEXT,
ADD COLUMN     "is_pack" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "pack_id" UUID,
ADD COLUMN     "redeemed_by" TEXT,
ADD COLUMN     "reservation_id" UUID,
ADD COLUMN     "revealed_at" TIMESTAMPTZ(3),
ADD COLUMN     "sku_id" UUID,
ADD COLUMN     "transferred_from_id" UUID,
ADD COLUMN     "transferred_to_id" UUID,
ADD COLUMN     "variant" TEXT;

-- AlterTable
ALTER TABLE "entitlements"."entitlement_event" ADD COLUMN     "chain_seq" INTEGER,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prev_hash" TEXT;

-- CreateTable
CREATE TABLE "entitlements"."campaign" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" "entitlements"."CampaignKind" NOT NULL DEFAULT 'SINGLE',
    "channel" "entitlements"."CampaignChannel" NOT NULL,
    "state" "entitlements"."CampaignState" NOT NULL DEFAULT 'DRAFT',
    "audience" JSONB NOT NULL DEFAULT '{}',
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "total_limit" INTEGER,
    "per_member_limit" INTEGER NOT NULL DEFAULT 1,
    "issued_count" INTEGER NOT NULL DEFAULT 0,
    "budget_org_unit_id" UUID NOT NULL,
    "budget_period" TEXT NOT NULL,
    "pack_choose" INTEGER,
    "pack_allowance_fen" INTEGER,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."campaign_item" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "sku_id" UUID NOT NULL,
    "benefit_id" UUID NOT NULL,
    "variant" TEXT,
    "cost_fen" INTEGER NOT NULL,
    "fulfilment_kind" TEXT NOT NULL,
    "validity" JSONB NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "campaign_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."campaign_member" (
    "campaign_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "variant" TEXT,

    CONSTRAINT "campaign_member_pkey" PRIMARY KEY ("campaign_id","member_id")
);

-- CreateTable
CREATE TABLE "entitlements"."issuance" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "state" "entitlements"."IssuanceState" NOT NULL DEFAULT 'PENDING',
    "failure_code" TEXT,
    "amount_fen" INTEGER NOT NULL,
    "reservation_id" UUID,
    "entitlement_id" UUID,
    "risk_decision_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "issuance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."idempotency_record" (
    "tenant_id" UUID NOT NULL,
    "actor" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "state" "entitlements"."IdempotencyState" NOT NULL DEFAULT 'IN_PROGRESS',
    "response" JSONB,
    "lease_until" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("tenant_id","actor","key")
);

-- CreateTable
CREATE TABLE "entitlements"."budget_settlement" (
    "reservation_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "entitlement_id" UUID NOT NULL,
    "kind" "entitlements"."BudgetSettlementKind" NOT NULL,
    "done_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_settlement_pkey" PRIMARY KEY ("reservation_id")
);

-- CreateTable
CREATE TABLE "entitlements"."grant_job" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "target" JSONB NOT NULL,
    "state" "entitlements"."JobState" NOT NULL DEFAULT 'RUNNING',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "failures" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "created_by" TEXT NOT NULL,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "grant_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."risk_rule" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "entitlements"."RiskRuleKind" NOT NULL,
    "actions" TEXT[],
    "config" JSONB NOT NULL,
    "outcome" "entitlements"."RiskOutcome" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "risk_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."risk_list_entry" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "risk_list_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."risk_decision" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "member_id" UUID NOT NULL,
    "device_id" TEXT,
    "ip" TEXT,
    "region" TEXT,
    "campaign_id" UUID,
    "entitlement_id" UUID,
    "outcome" "entitlements"."RiskOutcome" NOT NULL,
    "fired_rules" JSONB NOT NULL DEFAULT '[]',
    "request" JSONB,
    "review_state" "entitlements"."ReviewState" NOT NULL DEFAULT 'NONE',
    "reviewed_by" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),
    "review_note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "risk_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."ingested_event" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "member_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingested_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."issuance_rule" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "trigger" "entitlements"."IssuanceTrigger" NOT NULL,
    "streak_days" INTEGER,
    "campaign_id" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issuance_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlements"."audit_entry" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
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
CREATE INDEX "campaign_tenant_id_state_starts_at_idx" ON "entitlements"."campaign"("tenant_id", "state", "starts_at");

-- CreateIndex
CREATE INDEX "campaign_item_campaign_id_idx" ON "entitlements"."campaign_item"("campaign_id");

-- CreateIndex
CREATE INDEX "issuance_state_updated_at_idx" ON "entitlements"."issuance"("state", "updated_at");

-- CreateIndex
CREATE INDEX "issuance_campaign_id_state_idx" ON "entitlements"."issuance"("campaign_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "issuance_tenant_id_idempotency_key_key" ON "entitlements"."issuance"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "budget_settlement_done_at_next_attempt_at_idx" ON "entitlements"."budget_settlement"("done_at", "next_attempt_at");

-- CreateIndex
CREATE INDEX "grant_job_tenant_id_created_at_idx" ON "entitlements"."grant_job"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "risk_rule_tenant_id_enabled_idx" ON "entitlements"."risk_rule"("tenant_id", "enabled");

-- CreateIndex
CREATE UNIQUE INDEX "risk_list_entry_tenant_id_subject_value_key" ON "entitlements"."risk_list_entry"("tenant_id", "subject", "value");

-- CreateIndex
CREATE INDEX "risk_decision_tenant_id_action_device_id_created_at_idx" ON "entitlements"."risk_decision"("tenant_id", "action", "device_id", "created_at");

-- CreateIndex
CREATE INDEX "risk_decision_tenant_id_action_member_id_created_at_idx" ON "entitlements"."risk_decision"("tenant_id", "action", "member_id", "created_at");

-- CreateIndex
CREATE INDEX "risk_decision_tenant_id_action_ip_created_at_idx" ON "entitlements"."risk_decision"("tenant_id", "action", "ip", "created_at");

-- CreateIndex
CREATE INDEX "risk_decision_tenant_id_review_state_created_at_idx" ON "entitlements"."risk_decision"("tenant_id", "review_state", "created_at");

-- CreateIndex
CREATE INDEX "risk_decision_tenant_id_created_at_idx" ON "entitlements"."risk_decision"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "ingested_event_tenant_id_member_id_type_occurred_at_idx" ON "entitlements"."ingested_event"("tenant_id", "member_id", "type", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "ingested_event_tenant_id_event_id_key" ON "entitlements"."ingested_event"("tenant_id", "event_id");

-- CreateIndex
CREATE INDEX "issuance_rule_tenant_id_event_type_enabled_idx" ON "entitlements"."issuance_rule"("tenant_id", "event_type", "enabled");

-- CreateIndex
CREATE INDEX "audit_entry_tenant_id_created_at_idx" ON "entitlements"."audit_entry"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "entitlement_code_hash_key" ON "entitlements"."entitlement"("code_hash");

-- CreateIndex
CREATE INDEX "entitlement_tenant_id_campaign_id_idx" ON "entitlements"."entitlement"("tenant_id", "campaign_id");

-- CreateIndex
CREATE INDEX "entitlement_state_expires_at_idx" ON "entitlements"."entitlement"("state", "expires_at");

-- CreateIndex
CREATE INDEX "entitlement_pack_id_idx" ON "entitlements"."entitlement"("pack_id");

-- CreateIndex
CREATE INDEX "entitlement_event_tenant_id_entitlement_id_chain_seq_idx" ON "entitlements"."entitlement_event"("tenant_id", "entitlement_id", "chain_seq");

-- CreateIndex
CREATE UNIQUE INDEX "entitlement_event_entitlement_id_chain_seq_key" ON "entitlements"."entitlement_event"("entitlement_id", "chain_seq");

-- AddForeignKey
ALTER TABLE "entitlements"."campaign_item" ADD CONSTRAINT "campaign_item_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "entitlements"."campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entitlements"."campaign_member" ADD CONSTRAINT "campaign_member_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "entitlements"."campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Events written before the chain: numbered in order, hashed by the service at start.
UPDATE "entitlements"."entitlement_event" e SET "chain_seq" = n.rn
FROM (SELECT seq, row_number() OVER (PARTITION BY entitlement_id ORDER BY seq) AS rn FROM "entitlements"."entitlement_event") n
WHERE e.seq = n.seq;
