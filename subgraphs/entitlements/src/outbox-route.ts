// GET /internal/outbox?afterXid=&afterSeq=&limit= : the outbox for other
// services of the hub (service identities only), read in (xid, seq) order.
import type express from "express";
import type { Identity } from "@benefits-hub/platform";
import type { OutboxRepository } from "./data/outbox.repository";

const DIGITS = /^\d{1,19}$/;

export function outboxRoute(outbox: OutboxRepository) {
  return (app: express.Express) => {
    app.get("/internal/outbox", async (req, res, next) => {
      const viewer = res.locals.viewer as Identity;
      if (viewer.kind !== "service") {
        res.status(403).json({ error: "service identity required" });
        return;
      }
      const afterXid = String(req.query.afterXid ?? "0");
      const afterSeq = String(req.query.afterSeq ?? "0");
      const limit = Number(req.query.limit ?? 500);
      if (!DIGITS.test(afterXid) || !DIGITS.test(afterSeq) || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
        res.status(400).json({ error: "afterXid and afterSeq must be unsigned integers, limit 1 to 1000" });
        return;
      }
      try {
        res.json({ events: await outbox.readAfter({ xid: afterXid, seq: afterSeq }, limit) });
      } catch (error) {
        next(error);
      }
    });
  };
}
