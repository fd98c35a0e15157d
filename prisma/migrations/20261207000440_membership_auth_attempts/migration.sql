-- Login limits move from a lock on the member row to sliding windows (membership.auth_attempt).
-- AlterTable
ALTER TABLE "membership"."member" DROP COLUMN "failed_logins",
DROP COLUMN "locked_until";

-- CreateTable
CREATE TABLE "membership"."auth_attempt" (
    "id" BIGSERIAL NOT NULL,
    "key_hash" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auth_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "auth_attempt_key_hash_at_idx" ON "membership"."auth_attempt"("key_hash", "at");
