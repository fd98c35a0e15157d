-- CreateTable
CREATE TABLE "entitlements"."tenant_chain_head" (
    "tenant_id" UUID NOT NULL,
    "seq" BIGINT NOT NULL DEFAULT 0,
    "hash" TEXT NOT NULL DEFAULT '',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_chain_head_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "entitlements"."tenant_chain_link" (
    "tenant_id" UUID NOT NULL,
    "tenant_seq" BIGINT NOT NULL,
    "event_id" UUID NOT NULL,
    "entitlement_id" UUID NOT NULL,
    "chain_seq" INTEGER NOT NULL,
    "event_hash" TEXT NOT NULL,
    "tenant_hash" TEXT NOT NULL,
    "linked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_chain_link_pkey" PRIMARY KEY ("tenant_id","tenant_seq")
);

-- CreateTable
CREATE TABLE "entitlements"."tenant_chain_day" (
    "tenant_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "first_seq" BIGINT NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "tenant_chain_day_pkey" PRIMARY KEY ("tenant_id","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenant_chain_link_event_id_key" ON "entitlements"."tenant_chain_link"("event_id");

-- CreateIndex
CREATE INDEX "card_code_reveal_revealed_at_id_idx" ON "catalog"."card_code_reveal"("revealed_at", "id");

-- CreateIndex
CREATE INDEX "card_code_reveal_member_id_revealed_at_idx" ON "catalog"."card_code_reveal"("member_id", "revealed_at");

-- The tenant anchor (not expressible in prisma/schema): at commit, each sealed event of entitlement_event is
-- folded into its tenant's chain under the head row's lock, so tenant_seq follows commit order. A deferred
-- constraint trigger takes that lock only while the transaction commits: it holds it briefly, after every
-- other lock of the transaction, so it cannot deadlock with them, and every writer of events gets it.
-- Unsealed events (hash NULL, written before the hash chain) are anchored by the service at start, once sealed.
CREATE FUNCTION "entitlements"."anchor_event"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_seq BIGINT;
  next_hash TEXT;
BEGIN
  IF NEW.hash IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO "entitlements"."tenant_chain_head" AS h (tenant_id, seq, hash, updated_at)
  VALUES (NEW.tenant_id, 1, encode(sha256(convert_to(NEW.hash, 'UTF8')), 'hex'), clock_timestamp())
  ON CONFLICT (tenant_id) DO UPDATE
    SET seq = h.seq + 1,
        hash = encode(sha256(convert_to(h.hash || NEW.hash, 'UTF8')), 'hex'),
        updated_at = clock_timestamp()
  RETURNING seq, hash INTO next_seq, next_hash;
  INSERT INTO "entitlements"."tenant_chain_link"
    (tenant_id, tenant_seq, event_id, entitlement_id, chain_seq, event_hash, tenant_hash, linked_at)
  VALUES (NEW.tenant_id, next_seq, NEW.id, NEW.entitlement_id, coalesce(NEW.chain_seq, 0), NEW.hash, next_hash,
          clock_timestamp());
  INSERT INTO "entitlements"."tenant_chain_day" AS d (tenant_id, day, first_seq, last_seq, hash)
  VALUES (NEW.tenant_id, (clock_timestamp() AT TIME ZONE 'UTC')::date, next_seq, next_seq, next_hash)
  ON CONFLICT (tenant_id, day) DO UPDATE SET last_seq = EXCLUDED.last_seq, hash = EXCLUDED.hash;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER "entitlement_event_anchor"
  AFTER INSERT ON "entitlements"."entitlement_event"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "entitlements"."anchor_event"();
