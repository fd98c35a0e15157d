-- AlterTable
ALTER TABLE "analytics"."campaign_fact" ADD COLUMN     "as_of" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "analytics"."dimension_label" ADD COLUMN     "as_of" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "analytics"."org_unit" ADD COLUMN     "as_of" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
