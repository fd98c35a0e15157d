-- AlterTable
ALTER TABLE "catalog"."code_import" ADD COLUMN     "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "code_import_status_heartbeat_at_idx" ON "catalog"."code_import"("status", "heartbeat_at");
