// GET /internal/outbox?afterXid=&afterSeq=&limit= : a domain's outbox for the
// other services of the hub (service identities only), in (xid, seq) order:
// { events: [{ id, seq, xid, tenantId, ...extra columns, type, payload, occurredAt }] }.
import type express from "express";
import type { Identity } from "../identity/identity";
import type { OutboxReader } from "./outbox";

const DIGITS = /^\d{1,19}$/;
/** The largest xid8 / bigint a position can name. */
const MAX_POSITION = 2n ** 63n - 1n;

export const OUTBOX_PATH = "/internal/outbox";

export function outboxRoute(read: OutboxReader) {
  return (app: express.Express) => {
    app.get(OUTBOX_PATH, async (req, res, next) => {
      const viewer = res.locals.viewer as Identity | undefined;
      if (viewer?.kind !== "service") {
        res.status(403).json({ error: "service identity required" });
        return;
      }
      const afterXid = String(req.query.afterXid ?? "0");
      const afterSeq = String(req.query.afterSeq ?? "0");
      const limit = Number(req.query.limit ?? 500);
      if (
        !DIGITS.test(afterXid) ||
        !DIGITS.test(afterSeq) ||
        BigInt(afterXid) > MAX_POSITION ||
        BigInt(afterSeq) > MAX_POSITION ||
        !Number.isInteger(limit) ||
        limit < 1 ||
        limit > 1000
      ) {
        res.status(400).json({ error: "afterXid and afterSeq must be unsigned integers, limit 1 to 1000" });
        return;
      }
      try {
        res.json({ events: await read({ xid: afterXid, seq: afterSeq }, limit) });
      } catch (error) {
        next(error);
      }
    });
  };
}
