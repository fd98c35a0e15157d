-- AlterTable
-- How the issuance reached the member (CLAIM, GRANT, RULE, PARTNER), for the facts of its creating event;
-- issuances before this column take their campaign's channel.
ALTER TABLE "entitlements"."issuance" ADD COLUMN     "channel" TEXT;
