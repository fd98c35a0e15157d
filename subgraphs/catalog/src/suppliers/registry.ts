// The adapter for a supplier row: its secret unsealed with the key ring, its
// kind of API chosen by `adapter`. Adapters are cached until the row changes.
import type { Supplier } from "@benefits-hub/platform/db/client";
import type { CodeKeyRing } from "../crypto/key-ring";
import { SupplierError, type SupplierAdapter } from "./adapter";
import { HttpJsonSupplierAdapter } from "./http-json.adapter";

/** The key-ring context a supplier's API secret is sealed under. */
export const supplierSecretContext = (supplierId: string) => `supplier:${supplierId}`;

export type AdapterFactory = (supplier: Supplier, secret: string | null) => SupplierAdapter;

const httpJson: AdapterFactory = (supplier, secret) =>
  new HttpJsonSupplierAdapter({
    name: supplier.slug,
    baseUrl: supplier.baseUrl,
    secret,
    timeoutMs: supplier.timeoutMs,
  });

export class SupplierRegistry {
  private readonly factories = new Map<string, AdapterFactory>([["http-json", httpJson]]);
  private readonly cache = new Map<string, { version: number; adapter: SupplierAdapter }>();

  constructor(private readonly keyRing: Pick<CodeKeyRing, "openSmall">) {}

  /** Adds (or replaces, in tests) a kind of supplier API. */
  register(kind: string, factory: AdapterFactory) {
    this.factories.set(kind, factory);
    this.cache.clear();
  }

  adapterFor(supplier: Supplier): SupplierAdapter {
    const version = supplier.updatedAt.getTime();
    const cached = this.cache.get(supplier.id);
    if (cached && cached.version === version) return cached.adapter;
    const factory = this.factories.get(supplier.adapter);
    if (!factory) throw new SupplierError("refused", `supplier ${supplier.slug}: no adapter "${supplier.adapter}"`);
    let secret: string | null = null;
    if (supplier.secretSealed) {
      try {
        secret = this.keyRing.openSmall(Buffer.from(supplier.secretSealed), supplierSecretContext(supplier.id));
      } catch {
        throw new SupplierError(
          "refused",
          `supplier ${supplier.slug}: its secret cannot be unsealed (key ring changed?)`,
        );
      }
    }
    const adapter = factory(supplier, secret);
    this.cache.set(supplier.id, { version, adapter });
    return adapter;
  }
}
