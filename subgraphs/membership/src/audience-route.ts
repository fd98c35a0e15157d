// POST /internal/audience {tenantId, memberId, segments?}: the hub's services
// (a service identity) learn a member's tier, segment ids and org unit (id,
// name, path root-first), e.g. the catalog to show a member only the offers
// meant for them. `segments: false` leaves the segment ids out (and their
// evaluation: entitlements only needs the unit and tier for its events' facts).
// 404 when the tenant has no such member.
import express from "express";
import type { Identity } from "@benefits-hub/platform";
import type { AudienceService } from "./domain/audience.service";
import { isUuid } from "./domain/ids";

export function audienceRoute(audiences: AudienceService) {
  return (app: express.Express) => {
    app.post("/internal/audience", express.json({ limit: "4kb" }), async (req, res, next) => {
      if ((res.locals.viewer as Identity).kind !== "service") {
        res.status(403).json({ error: "service identity required" });
        return;
      }
      const body = req.body as { tenantId?: unknown; memberId?: unknown; segments?: unknown } | undefined;
      const { tenantId, memberId, segments = true } = body ?? {};
      if (typeof tenantId !== "string" || !isUuid(tenantId) || typeof memberId !== "string" || !isUuid(memberId)) {
        res.status(400).json({ error: "tenantId and memberId must be UUIDs" });
        return;
      }
      if (typeof segments !== "boolean") {
        res.status(400).json({ error: "segments must be true or false" });
        return;
      }
      try {
        const audience = await audiences.audienceOf(tenantId, memberId, { segments });
        if (audience) res.json(audience);
        else res.status(404).json({ error: "no such member in this tenant" });
      } catch (error) {
        next(error);
      }
    });
  };
}
