// Onboarding enterprises: what platform operators do.
import { hashPassword, type Identity } from "@benefits-hub/platform";
import type { TenantRepository } from "../data/tenant.repository";
import { auditActor } from "./audit";
import type { MembershipEvents } from "./membership-events";

type Code = "INVALID_SLUG" | "INVALID_NAME" | "SLUG_TAKEN" | "EMAIL_TAKEN" | "INVALID_EMAIL" | "WEAK_PASSWORD";
const fail = (code: Code, message: string) => ({ tenant: null, admin: null, errors: [{ code, message }] });
const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CreateTenantInput {
  slug: string;
  name: string;
  adminEmail: string;
  adminDisplayName: string;
  adminPassword: string;
}

export class TenantService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly events: MembershipEvents,
  ) {}

  list(viewer: Identity) {
    return isOperator(viewer) ? this.tenants.list() : Promise.resolve([]);
  }

  async create(viewer: Identity, input: CreateTenantInput) {
    if (!isOperator(viewer)) return fail("INVALID_SLUG", "Not allowed");
    const slug = input.slug.trim();
    const name = input.name.trim();
    const email = input.adminEmail.trim().toLowerCase();
    const displayName = input.adminDisplayName.trim();
    if (!SLUG.test(slug)) return fail("INVALID_SLUG", "A slug has 3 to 40 lowercase letters, digits and dashes");
    if (!name || name.length > 100 || !displayName || displayName.length > 100) {
      return fail("INVALID_NAME", "Names have 1 to 100 characters");
    }
    if (!EMAIL.test(email)) return fail("INVALID_EMAIL", "The admin's email is not valid");
    if (input.adminPassword.length < 12) return fail("WEAK_PASSWORD", "The password needs at least 12 characters");
    if (await this.tenants.slugTaken(slug)) return fail("SLUG_TAKEN", "That slug is taken");
    if (await this.tenants.emailTaken(email)) return fail("EMAIL_TAKEN", "That email already belongs to a member");
    const passwordHash = await hashPassword(input.adminPassword);
    try {
      const { tenant, admin } = await this.tenants.onboard(
        { slug, name, adminEmail: email, adminDisplayName: displayName, passwordHash },
        {
          ...auditActor(viewer),
          action: "tenant.create",
          targetType: "Tenant",
          details: { slug, name, adminEmail: email },
        },
        // Its root unit is the first of its org tree others learn about.
        (tx, root) => this.events.unitsChanged(tx, [root], "CREATED"),
      );
      this.events.wake();
      return { tenant, admin, errors: [] };
    } catch (error) {
      // A concurrent onboarding took the slug or the email between the checks and the insert.
      if ((error as { code?: string }).code === "P2002") return fail("SLUG_TAKEN", "That slug or email was just taken");
      throw error;
    }
  }
}

const isOperator = (viewer: Identity) => viewer.kind === "member" && viewer.role === "PLATFORM_OPERATOR";
