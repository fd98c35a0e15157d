-- CreateTable
CREATE TABLE "catalog"."outbox_event" (
    "id" UUID NOT NULL,
    "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "seq" BIGSERIAL NOT NULL,
    "tenant_id" UUID,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."settlement_statement" (
    "id" UUID NOT NULL,
    "supplier_id" UUID NOT NULL,
    "period_from" TIMESTAMPTZ(3) NOT NULL,
    "period_to" TIMESTAMPTZ(3) NOT NULL,
    "line_count" INTEGER NOT NULL,
    "total_fen" BIGINT NOT NULL,
    "imported_by" TEXT NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settlement_statement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."settlement_statement_line" (
    "id" UUID NOT NULL,
    "statement_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "supplier_id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "sku_id" UUID,
    "quantity" INTEGER NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "billed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settlement_statement_line_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbox_event_xid_seq_idx" ON "catalog"."outbox_event"("xid", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "settlement_statement_supplier_id_period_from_period_to_key" ON "catalog"."settlement_statement"("supplier_id", "period_from", "period_to");

-- CreateIndex
CREATE INDEX "settlement_statement_line_supplier_id_reference_idx" ON "catalog"."settlement_statement_line"("supplier_id", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "settlement_statement_line_statement_id_line_no_key" ON "catalog"."settlement_statement_line"("statement_id", "line_no");

-- AddForeignKey
ALTER TABLE "catalog"."settlement_statement" ADD CONSTRAINT "settlement_statement_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "catalog"."supplier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."settlement_statement_line" ADD CONSTRAINT "settlement_statement_line_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "catalog"."settlement_statement"("id") ON DELETE CASCADE ON UPDATE CASCADE;
