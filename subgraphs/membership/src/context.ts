import {
  accessTokenCodec,
  createLogger,
  type BaseContext,
  type HubPubSub,
  type Identity,
  type Logger,
} from "@benefits-hub/platform";
import { wsTicketCodec } from "@benefits-hub/platform";
import { ApiKeyRepository } from "./data/api-key.repository";
import { PostgresAttemptStore, type AttemptStore } from "./data/auth-attempts.store";
import { AuthLimiter, DEFAULT_AUTH_LIMITS, type AuthLimits } from "./domain/auth-limits";
import { LiveTicketService } from "./domain/live-ticket.service";
import { RefreshTokenRepository } from "./data/refresh-token.repository";
import { ApiKeyService } from "./domain/api-key.service";
import { SessionIssuer } from "./domain/session-issuer";
import { SessionService } from "./domain/session.service";
import { AuditLogRepository } from "./data/audit-log.repository";
import { TenantRepository } from "./data/tenant.repository";
import { AuditLogService } from "./domain/audit-log.service";
import { TenantService } from "./domain/tenant.service";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { MemberRepository } from "./data/member.repository";
import { AuthService } from "./domain/auth.service";
import { MemberService } from "./domain/member.service";
import { OrgUnitRepository } from "./data/org-unit.repository";
import { OrgService } from "./domain/org.service";
import { createLoaders } from "./loaders";
import { AuditRepository } from "./data/audit.repository";
import { BudgetRepository } from "./data/budget.repository";
import { BudgetReadService } from "./domain/budget-read.service";
import { BudgetSpendService } from "./domain/budget-spend.service";
import { BudgetTransferService } from "./domain/budget-transfer.service";
import { MembershipOutboxRepository } from "./data/outbox.repository";
import { MembershipEvents } from "./domain/membership-events";
import { MemberAdminRepository } from "./data/member-admin.repository";
import { MemberImportRepository } from "./data/member-import.repository";
import { SegmentRepository } from "./data/segment.repository";
import { SegmentMembersRepository } from "./data/segment-members.repository";
import { MemberAdminService } from "./domain/member-admin.service";
import { MemberImportJobs } from "./domain/member-import-jobs";
import { MemberImportService } from "./domain/member-import.service";
import { SegmentService } from "./domain/segment.service";
import { MutationKeys } from "@benefits-hub/platform/idempotency";
import { membershipPayloadRefs } from "./data/payload-refs.repository";

export interface MembershipContext extends BaseContext {
  services: {
    members: MemberService;
    auth: AuthService;
    sessions: SessionService;
    liveTickets: LiveTicketService;
    apiKeys: ApiKeyService;
    tenants: TenantService;
    auditLog: AuditLogService;
    org: OrgService;
    budgets: BudgetReadService;
    budgetTransfers: BudgetTransferService;
    budgetSpending: BudgetSpendService;
    memberAdmin: MemberAdminService;
    memberImports: MemberImportService;
    segments: SegmentService;
  };
  /** Idempotency keys of membership's mutations (packages/platform/src/idempotency). */
  mutationKeys: MutationKeys;
}

/** How logins are limited and sessions last (defaults: attempts in PostgreSQL, DEFAULT_AUTH_LIMITS, 15 min tokens). */
export interface AuthOptions {
  attempts?: AttemptStore;
  limits?: Partial<AuthLimits>;
  accessTokenTtlSeconds?: number;
}

/** The longest of the limits' windows: attempts older than this count nowhere. */
export const longestWindowMs = (limits: Partial<AuthLimits> = {}) => {
  const l = { ...DEFAULT_AUTH_LIMITS, ...limits };
  const seconds = [l.addressWindowSeconds, l.accountAtAddress.windowSeconds, l.account.windowSeconds];
  return Math.max(...seconds, l.refreshWindowSeconds) * 1000;
};

/**
 * `memberImportJobs`: the process's background imports (server.ts passes its own, to drain them on close).
 * `processLog`: where work outside a request logs (a failed outbox wake-up).
 */
export function contextFactory(
  db: PrismaClient,
  authSecret: string,
  pubsub: HubPubSub,
  memberImportJobs?: MemberImportJobs,
  authOptions: AuthOptions = {},
  processLog: Logger = createLogger("membership"),
) {
  const members = new MemberRepository(db);
  const units = new OrgUnitRepository(db);
  const refreshTokens = new RefreshTokenRepository(db);
  const ttl = authOptions.accessTokenTtlSeconds;
  const sessionIssuer = new SessionIssuer(accessTokenCodec(authSecret, ttl), refreshTokens, ttl);
  const attempts = authOptions.attempts ?? new PostgresAttemptStore(db, longestWindowMs(authOptions.limits));
  const limiter = new AuthLimiter(attempts, authOptions.limits);
  const auth = new AuthService(members, limiter, sessionIssuer);
  const sessions = new SessionService(members, refreshTokens, sessionIssuer, limiter, pubsub);
  const liveTickets = new LiveTicketService(wsTicketCodec(authSecret), sessions, ttl);
  const budgetRows = new BudgetRepository(db);
  const audit = new AuditRepository();
  const apiKeys = new ApiKeyService(new ApiKeyRepository(db, audit), pubsub);
  const events = new MembershipEvents(new MembershipOutboxRepository(db), units, pubsub, processLog);
  const tenants = new TenantService(new TenantRepository(db, audit), events);
  const auditLog = new AuditLogService(new AuditLogRepository(db));
  const budgetTransfers = new BudgetTransferService(budgetRows, units, audit, events);
  const memberAdminRows = new MemberAdminRepository(db, units, audit);
  const memberImportRows = new MemberImportRepository(db, units, audit);
  const importJobs = memberImportJobs ?? new MemberImportJobs(memberImportRows);
  const segments = new SegmentService(new SegmentRepository(db, audit), new SegmentMembersRepository(db));
  const mutationKeys = new MutationKeys(db, "membership", membershipPayloadRefs(db));
  return (viewer: Identity, log: Logger): MembershipContext => {
    const loaders = createLoaders(members, units);
    return {
      viewer,
      log,
      mutationKeys,
      services: {
        members: new MemberService(loaders),
        auth,
        sessions,
        liveTickets,
        apiKeys,
        tenants,
        auditLog,
        org: new OrgService(units, loaders, events),
        budgets: new BudgetReadService(budgetRows, loaders),
        budgetTransfers,
        budgetSpending: new BudgetSpendService(budgetRows, loaders, audit, events),
        memberAdmin: new MemberAdminService(memberAdminRows, loaders),
        memberImports: new MemberImportService(memberImportRows, importJobs, loaders),
        segments,
      },
    };
  };
}
