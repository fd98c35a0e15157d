-- AlterTable
ALTER TABLE "analytics"."statement_line" ADD COLUMN     "lines" INTEGER NOT NULL DEFAULT 1;
