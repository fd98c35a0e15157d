-- CreateIndex
CREATE INDEX "daily_rollup_tenant_id_campaign_id_day_idx" ON "analytics"."daily_rollup"("tenant_id", "campaign_id", "day");

-- CreateIndex
CREATE INDEX "entitlement_fact_tenant_id_campaign_id_issued_day_idx" ON "analytics"."entitlement_fact"("tenant_id", "campaign_id", "issued_day");
