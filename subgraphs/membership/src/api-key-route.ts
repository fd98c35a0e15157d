// POST /internal/api-keys/verify {key}: the gateway (a service identity)
// turns a partner's API key into the identity it stands for.
import express from "express";
import type { Identity } from "@benefits-hub/platform";
import type { ApiKeyService } from "./domain/api-key.service";

export function apiKeyRoute(keys: ApiKeyService) {
  return (app: express.Express) => {
    app.post("/internal/api-keys/verify", express.json({ limit: "4kb" }), async (req, res, next) => {
      if ((res.locals.viewer as Identity).kind !== "service") {
        res.status(403).json({ error: "service identity required" });
        return;
      }
      const key = (req.body as { key?: unknown } | undefined)?.key;
      if (typeof key !== "string") {
        res.status(400).json({ error: "key must be a string" });
        return;
      }
      try {
        const identity = await keys.verify(key);
        if (identity) res.json({ identity });
        else res.status(401).json({ error: "unknown or revoked API key" });
      } catch (error) {
        next(error);
      }
    });
  };
}
