-- Membership's transactional outbox (packages/platform/src/outbox): budget ledger movements and org tree
-- changes, read by other services over GET /internal/outbox in (xid, seq) order.

-- CreateTable
CREATE TABLE "membership"."outbox_event" (
    "id" UUID NOT NULL,
    "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "seq" BIGSERIAL NOT NULL,
    "tenant_id" UUID,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbox_event_xid_seq_idx" ON "membership"."outbox_event"("xid", "seq");

-- Backfill: what a database already holds becomes events, as the services now write them, so a consumer
-- reading from the start sees the whole org tree and every ledger movement (nothing on a fresh database).
-- The org tree as it is now, parents before children.
INSERT INTO "membership"."outbox_event" ("id", "tenant_id", "type", "payload", "occurred_at")
SELECT gen_random_uuid(), u.tenant_id, 'org.unit_changed',
       jsonb_build_object('orgUnitId', u.id, 'name', u.name, 'parentId', u.parent_id, 'orgPath', to_jsonb(u.path),
                          'archived', u.archived_at IS NOT NULL, 'change', 'SNAPSHOT'),
       u.updated_at
FROM "membership"."org_unit" u
ORDER BY u.depth, u.tenant_id, u.id;

-- Every ledger movement in ledger order: one event per movement (an allocation's two entries are one
-- budget.allocated, written for the receiving unit).
INSERT INTO "membership"."outbox_event" ("id", "tenant_id", "type", "payload", "occurred_at")
SELECT gen_random_uuid(), e.tenant_id,
       CASE e.kind
         WHEN 'FUNDING' THEN 'budget.funded'
         WHEN 'ALLOCATION' THEN 'budget.allocated'
         WHEN 'RESERVE' THEN 'budget.reserved'
         WHEN 'COMMIT' THEN 'budget.committed'
         ELSE 'budget.released'
       END,
       jsonb_build_object(
         'orgUnitId', e.org_unit_id, 'orgUnitName', u.name, 'orgPath', to_jsonb(u.path), 'period', e.period,
         'amountFen', CASE e.kind
                        WHEN 'RESERVE' THEN e.reserved_delta_fen
                        WHEN 'RELEASE' THEN -e.reserved_delta_fen
                        WHEN 'COMMIT' THEN e.committed_delta_fen
                        ELSE e.available_delta_fen
                      END,
         'reservationId', e.reservation_id, 'reference', r.reference)
       || CASE WHEN e.kind = 'ALLOCATION'
               THEN jsonb_build_object('fromOrgUnitId', e.counterpart_id, 'toOrgUnitId', e.org_unit_id)
               ELSE '{}'::jsonb END,
       e.created_at
FROM "membership"."budget_ledger_entry" e
JOIN "membership"."org_unit" u ON u.id = e.org_unit_id
LEFT JOIN "membership"."budget_reservation" r ON r.id = e.reservation_id
WHERE NOT (e.kind = 'ALLOCATION' AND e.available_delta_fen < 0)
ORDER BY e.seq;
