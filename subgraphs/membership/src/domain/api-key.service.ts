// Partners' API keys: `bh_<prefix>_<secret>`, shown once, stored as a hash of
// the secret; scoped to one tenant and a list of permissions; revocable.
import { randomBytes } from "node:crypto";
import {
  API_KEY_REVOKED_TOPIC,
  isPartnerPermission,
  type HubPubSub,
  type Identity,
  type PartnerIdentity,
  type PartnerPermission,
} from "@benefits-hub/platform";
import type { ApiKeyRepository, ApiKeyRow } from "../data/api-key.repository";
import { auditActor } from "./audit";
import { isUuid } from "./ids";
import { hashSecret, newSecret, secretMatches } from "./secret-tokens";

const KEY_FORMAT = /^bh_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

type Code = "INVALID_NAME" | "NO_PERMISSIONS" | "NOT_FOUND" | "ALREADY_REVOKED";
const fail = (code: Code, message: string) => ({ apiKey: null, key: null, errors: [{ code, message }] });

export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly pubsub: HubPubSub,
  ) {}

  list(viewer: Identity): Promise<ApiKeyRow[]> {
    return viewer.kind === "member" && viewer.role === "TENANT_ADMIN"
      ? this.keys.listForTenant(viewer.tenantId)
      : Promise.resolve([]);
  }

  async create(viewer: Identity, name: string, permissions: PartnerPermission[]) {
    if (viewer.kind !== "member" || viewer.role !== "TENANT_ADMIN") return fail("NOT_FOUND", "Not allowed");
    const clean = name.trim();
    if (clean.length < 1 || clean.length > 100) return fail("INVALID_NAME", "A key name has 1 to 100 characters");
    const granted = [...new Set(permissions)].filter(isPartnerPermission);
    if (granted.length === 0) return fail("NO_PERMISSIONS", "Grant the key at least one permission");
    const prefix = randomBytes(8).toString("hex");
    const secret = newSecret();
    const apiKey = await this.keys.create(
      {
        tenantId: viewer.tenantId,
        name: clean,
        prefix,
        secretHash: hashSecret(secret),
        permissions: granted,
        createdById: viewer.memberId,
      },
      {
        tenantId: viewer.tenantId,
        ...auditActor(viewer),
        action: "api_key.create",
        targetType: "ApiKey",
        details: { name: clean, prefix, permissions: granted.join(",") },
      },
    );
    return { apiKey, key: `bh_${prefix}_${secret}`, errors: [] };
  }

  async revoke(viewer: Identity, id: string) {
    if (viewer.kind !== "member" || viewer.role !== "TENANT_ADMIN" || !isUuid(id))
      return fail("NOT_FOUND", "No such API key");
    const revoked = await this.keys.revoke(viewer.tenantId, id, {
      tenantId: viewer.tenantId,
      ...auditActor(viewer),
      action: "api_key.revoke",
      targetType: "ApiKey",
      targetId: id,
      details: {},
    });
    if (!revoked) {
      const known = (await this.keys.listForTenant(viewer.tenantId)).some((k) => k.id === id);
      return known ? fail("ALREADY_REVOKED", "The key is already revoked") : fail("NOT_FOUND", "No such API key");
    }
    await this.pubsub.publish(API_KEY_REVOKED_TOPIC, { apiKeyId: id }).catch(() => {});
    return { apiKey: revoked, errors: [] };
  }

  /** The key a partner calls with, as the partner sees it. */
  currentPartner(viewer: Identity): Promise<ApiKeyRow | null> {
    return viewer.kind === "partner" ? this.keys.findById(viewer.apiKeyId) : Promise.resolve(null);
  }

  /** The partner identity a key stands for, or null (unknown, wrong secret, revoked). */
  async verify(key: string): Promise<PartnerIdentity | null> {
    const match = KEY_FORMAT.exec(key);
    if (!match) return null;
    const row = await this.keys.findByPrefix(match[1]!);
    if (!row || row.revokedAt || !secretMatches(match[2]!, row.secretHash)) return null;
    await this.keys.touch(row.id);
    return {
      kind: "partner",
      apiKeyId: row.id,
      tenantId: row.tenantId,
      permissions: row.permissions.filter(isPartnerPermission),
    };
  }
}
