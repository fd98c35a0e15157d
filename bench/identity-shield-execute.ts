// Part 3b of bench/identity.ts: the permission layer in isolation. The catalog and membership schemas are built
// twice, as startSubgraph builds them (buildSubgraphSchema, then graphql-shield through graphql-middleware with
// the same options) and without shield, and the benchmark queries are run with graphql's execute() in a tight
// loop, in this process, against in-memory services that return fixed rows (a measurement fixture): no HTTP, no Apollo Server, no database.
// What is left is graphql-js execution, plus shield's per-field middleware on one side. Each is measured twice:
// plain, and inside AsyncLocalStorage.run() as the subgraph server now runs every request. Slices of the four
// variants rotate, so load from other work on the machine hits them alike.
import { AsyncLocalStorage } from "node:async_hooks";
import { execute, parse, GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { shield, deny, type IRules } from "graphql-shield";
import { applyMiddleware } from "graphql-middleware";
import { createLogger, type Identity, type MemberIdentity } from "@benefits-hub/platform";
import { typeDefs as catalogTypeDefs } from "../subgraphs/catalog/src/server";
import { resolvers as catalogResolvers } from "../subgraphs/catalog/src/resolvers";
import { permissions as catalogPermissions } from "../subgraphs/catalog/src/permissions";
import { typeDefs as membershipTypeDefs } from "../subgraphs/membership/src/server";
import { resolvers as membershipResolvers } from "../subgraphs/membership/src/resolvers";
import { permissions as membershipPermissions } from "../subgraphs/membership/src/permissions";

/** As in packages/platform/src/server/subgraph-server.ts: keep the two in step. */
const forbidden = new GraphQLError("Not authorised", { extensions: { code: "FORBIDDEN" } });

function buildSchemas(typeDefs: DocumentNode, resolvers: unknown, permissions: IRules) {
  const build = () => buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
  return {
    bare: build(),
    shield: applyMiddleware(
      build(),
      shield(permissions, { fallbackRule: deny, fallbackError: forbidden, allowExternalErrors: true }),
    ),
  };
}

/** Fields in an answer: every key of every object, nested lists included. */
const countFields = (value: unknown): number =>
  Array.isArray(value)
    ? value.reduce((n: number, item) => n + countFields(item), 0)
    : value && typeof value === "object"
      ? Object.values(value).reduce((n: number, v) => n + 1 + countFields(v), 0)
      : 0;

interface Pair {
  bare: { ops: number; usPerOp: number };
  shield: { ops: number; usPerOp: number };
  /** shield / bare, per operation. */
  ratio: number;
  addedUsPerOp: number;
  addedNsPerField: number;
}

export interface ExecuteResult {
  query: string;
  as: string;
  fieldsPerAnswer: number;
  /** No AsyncLocalStorage enabled in the process: promises are cheap. */
  plain: Pair;
  /**
   * Each operation inside AsyncLocalStorage.run(), as the subgraph server runs each request (request origin for
   * the audit trail). On Node 20 an enabled AsyncLocalStorage installs async_hooks promise hooks for the whole
   * process, so every promise costs more, and shield makes several per field.
   */
  asyncContext: Pair;
}

export async function benchShieldExecute(options: {
  seconds: number;
  warmupMs: number;
  sliceMs: number;
  queries: { catalog: string; membership: string };
  log: (line: string) => void;
}): Promise<ExecuteResult[]> {
  const log = createLogger("bench-shield-execute", "silent");
  const now = new Date();

  // 50 benefits in 4 categories, one SKU each, shaped like the rows Prisma returns (only the fields the
  // catalog query reads are filled in beyond the ids).
  const categories = ["视频 Video", "音乐 Music", "餐饮 Dining", "出行 Travel"].map((name, i) => ({
    id: `00000000-0000-4000-8100-${String(i).padStart(12, "0")}`,
    slug: `bench-category-${i}`,
    name,
    nameEn: name,
    parentId: null,
  }));
  const benefits = Array.from({ length: 50 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    slug: `bench-benefit-${i}`,
    name: `Bench benefit ${i}`,
    nameEn: "",
    description: `A synthetic benefit for the benchmark, number ${i}.`,
    categoryId: categories[i % 4]!.id,
    brandId: null,
    archivedAt: null,
    createdAt: now,
    updatedAt: now,
  }));
  const skusOf = (benefitId: string) => [
    { id: benefitId.replace("-8000-", "-8200-"), benefitId, fulfilmentKind: "CARD_CODE", faceValueFen: 3000 },
  ];
  // The demo tenant's tree: a root, two branches, three departments.
  const unit = (id: number, name: string, parentId: number | null, depth: number) => ({
    id: `00000000-0000-4000-9000-${String(id).padStart(12, "0")}`,
    tenantId: "00000000-0000-4000-a000-000000000001",
    name,
    parentId: parentId === null ? null : `00000000-0000-4000-9000-${String(parentId).padStart(12, "0")}`,
    depth,
    archivedAt: null,
    createdAt: now,
    updatedAt: now,
  });
  const units = [
    unit(1, "Headquarters", null, 0),
    unit(2, "Beijing Branch", 1, 1),
    unit(3, "R&D", 2, 2),
    unit(4, "Marketing", 2, 2),
    unit(5, "Shanghai Branch", 1, 1),
    unit(6, "Sales", 5, 2),
  ];
  const admin: MemberIdentity = {
    kind: "member",
    memberId: "00000000-0000-4000-b000-000000000001",
    tenantId: units[0]!.tenantId,
    role: "TENANT_ADMIN",
    orgUnitId: units[0]!.id,
  };

  const cases = [
    {
      query: options.queries.catalog,
      as: "TENANT_ADMIN",
      schemas: buildSchemas(catalogTypeDefs, catalogResolvers, catalogPermissions),
      // What the master-catalog list reaches of CatalogService: the page, the category loader, the SKUs.
      context: (viewer: Identity = admin) => ({
        viewer,
        log,
        services: {
          catalog: {
            list: async () => benefits,
            loaders: { categoryById: { load: async (id: string) => categories.find((c) => c.id === id) } },
            skusOf: async (_viewer: Identity, benefitId: string) => skusOf(benefitId),
          },
        },
      }),
    },
    {
      query: options.queries.membership,
      as: "TENANT_ADMIN",
      schemas: buildSchemas(membershipTypeDefs, membershipResolvers, membershipPermissions),
      context: (viewer: Identity = admin) => ({
        viewer,
        log,
        services: {
          org: {
            tree: async () => units[0],
            children: async (parent: { id: string }) => units.filter((u) => u.parentId === parent.id),
          },
        },
      }),
    },
  ];

  const storage = new AsyncLocalStorage<object>();
  const results: ExecuteResult[] = [];
  for (const c of cases) {
    const document = parse(c.query);
    // A fresh context per operation, as per request: shield caches rule results in it.
    const run = (schema: GraphQLSchema) => execute({ schema, document, contextValue: c.context() });
    const answers = await Promise.all([run(c.schemas.bare), run(c.schemas.shield)]);
    for (const answer of answers) if (answer.errors) throw new Error(`execute: ${JSON.stringify(answer.errors)}`);
    if (JSON.stringify(answers[0]) !== JSON.stringify(answers[1])) throw new Error("execute: answers differ");
    const fieldsPerAnswer = countFields(answers[0]!.data);

    type Variant = "bare" | "shield" | "bareAls" | "shieldAls";
    const slice = async (variant: Variant, ms: number) => {
      const schema = variant.startsWith("bare") ? c.schemas.bare : c.schemas.shield;
      const als = variant.endsWith("Als");
      let ops = 0;
      const start = performance.now();
      const end = start + ms;
      let now = start;
      while (now < end) {
        for (let i = 0; i < 8; i++) await (als ? storage.run({}, () => run(schema)) : run(schema));
        ops += 8;
        now = performance.now();
      }
      // Once enabled, the promise hooks stay on for the whole process until the storage is disabled.
      if (als) storage.disable();
      return { ops, ms: now - start };
    };
    const variants: Variant[] = ["bare", "shield", "bareAls", "shieldAls"];
    for (const variant of variants) await slice(variant, options.warmupMs);
    const total = Object.fromEntries(variants.map((v) => [v, { ops: 0, ms: 0 }])) as Record<
      Variant,
      { ops: number; ms: number }
    >;
    const slices = Math.max(2, Math.round((options.seconds * 1000) / options.sliceMs));
    for (let i = 0; i < slices; i++) {
      // Rotate the order, so that no variant always runs first or last.
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(i + k) % variants.length]!;
        const s = await slice(variant, options.sliceMs);
        total[variant].ops += s.ops;
        total[variant].ms += s.ms;
      }
    }
    const pair = (bare: Variant, shielded: Variant): Pair => {
      const us = (t: { ops: number; ms: number }) => (t.ms * 1000) / t.ops;
      const bareUs = us(total[bare]);
      const shieldUs = us(total[shielded]);
      return {
        bare: { ops: total[bare].ops, usPerOp: Math.round(bareUs) },
        shield: { ops: total[shielded].ops, usPerOp: Math.round(shieldUs) },
        ratio: Math.round((shieldUs / bareUs) * 100) / 100,
        addedUsPerOp: Math.round(shieldUs - bareUs),
        addedNsPerField: Math.round(((shieldUs - bareUs) * 1000) / fieldsPerAnswer),
      };
    };
    const result: ExecuteResult = {
      query: c.query,
      as: c.as,
      fieldsPerAnswer,
      plain: pair("bare", "shield"),
      asyncContext: pair("bareAls", "shieldAls"),
    };
    options.log(
      `shield execute: ${c.query.slice(0, 30)}...: bare ${result.plain.bare.usPerOp} us, shield ` +
        `${result.plain.shield.usPerOp} us; with AsyncLocalStorage: bare ${result.asyncContext.bare.usPerOp} us, ` +
        `shield ${result.asyncContext.shield.usPerOp} us`,
    );
    results.push(result);
  }
  return results;
}
