// Part 3b of bench/identity.ts: the permission layer in isolation. The catalog and membership schemas are built
// twice, as startSubgraph builds them (buildSubgraphSchema, then graphql-shield through graphql-middleware with
// the same options) and without shield, and the benchmark queries are run with graphql's execute() in a tight
// loop, in this process, against stub services that return fixed rows: no HTTP, no Apollo Server, no database.
// What is left is graphql-js execution, plus shield's per-field middleware on one side. Slices of both variants
// alternate, so load from other work on the machine hits both alike.
import { execute, parse, GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { shield, deny, type IRules } from "graphql-shield";
import { applyMiddleware } from "graphql-middleware";
import { anonymous, createLogger, type Identity, type MemberIdentity } from "@benefits-hub/platform";
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

export interface ExecuteResult {
  query: string;
  as: string;
  fieldsPerAnswer: number;
  bare: { ops: number; usPerOp: number };
  shield: { ops: number; usPerOp: number };
  /** shield / bare, per operation. */
  ratio: number;
  addedUsPerOp: number;
  addedNsPerField: number;
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

  // 50 benefits, shaped like the rows Prisma returns.
  const benefits = Array.from({ length: 50 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    slug: `bench-benefit-${i}`,
    name: `Bench benefit ${i}`,
    description: `A synthetic benefit for the benchmark, number ${i}.`,
    category: ["video", "music", "dining", "travel"][i % 4]!,
    fulfilmentKind: "CARD_CODE",
    faceValueFen: 1000 + i * 100,
    createdAt: now,
    updatedAt: now,
  }));
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
      as: "anonymous",
      schemas: buildSchemas(catalogTypeDefs, catalogResolvers, catalogPermissions),
      context: (viewer: Identity = anonymous) => ({
        viewer,
        log,
        services: { benefits: { list: async () => benefits } },
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

  const results: ExecuteResult[] = [];
  for (const c of cases) {
    const document = parse(c.query);
    // A fresh context per operation, as per request: shield caches rule results in it.
    const run = (schema: GraphQLSchema) => execute({ schema, document, contextValue: c.context() });
    const answers = await Promise.all([run(c.schemas.bare), run(c.schemas.shield)]);
    for (const answer of answers) if (answer.errors) throw new Error(`execute: ${JSON.stringify(answer.errors)}`);
    if (JSON.stringify(answers[0]) !== JSON.stringify(answers[1])) throw new Error("execute: answers differ");
    const fieldsPerAnswer = countFields(answers[0]!.data);

    const slice = async (schema: GraphQLSchema, ms: number) => {
      let ops = 0;
      const start = performance.now();
      const end = start + ms;
      let now = start;
      while (now < end) {
        for (let i = 0; i < 8; i++) await run(schema);
        ops += 8;
        now = performance.now();
      }
      return { ops, ms: now - start };
    };
    await slice(c.schemas.bare, options.warmupMs);
    await slice(c.schemas.shield, options.warmupMs);
    const total = { bare: { ops: 0, ms: 0 }, shield: { ops: 0, ms: 0 } };
    const slices = Math.max(2, Math.round((options.seconds * 1000) / options.sliceMs));
    for (let i = 0; i < slices; i++) {
      for (const variant of i % 2 === 0 ? (["bare", "shield"] as const) : (["shield", "bare"] as const)) {
        const s = await slice(c.schemas[variant], options.sliceMs);
        total[variant].ops += s.ops;
        total[variant].ms += s.ms;
      }
    }
    const us = (t: { ops: number; ms: number }) => (t.ms * 1000) / t.ops;
    const bareUs = us(total.bare);
    const shieldUs = us(total.shield);
    const result: ExecuteResult = {
      query: c.query,
      as: c.as,
      fieldsPerAnswer,
      bare: { ops: total.bare.ops, usPerOp: Math.round(bareUs) },
      shield: { ops: total.shield.ops, usPerOp: Math.round(shieldUs) },
      ratio: Math.round((shieldUs / bareUs) * 100) / 100,
      addedUsPerOp: Math.round(shieldUs - bareUs),
      addedNsPerField: Math.round(((shieldUs - bareUs) * 1000) / fieldsPerAnswer),
    };
    options.log(
      `shield execute: ${c.query.slice(0, 30)}...: bare ${result.bare.usPerOp} us, shield ${result.shield.usPerOp} us`,
    );
    results.push(result);
  }
  return results;
}
