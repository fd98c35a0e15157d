// Plans operations against the supergraph with @apollo/query-planner, the
// same planner @apollo/gateway uses, with a bounded cache per operation text.
import { Supergraph, operationFromDocument, type Schema } from "@apollo/federation-internals";
import { QueryPlanner, type QueryPlan } from "@apollo/query-planner";
import { print, type DocumentNode, type GraphQLSchema } from "graphql";

const MAX_CACHED_PLANS = 1_000;

export class SupergraphPlanner {
  readonly apiSchema: Schema;
  readonly apiGraphQLSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly plans = new Map<string, QueryPlan>();

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
    this.apiGraphQLSchema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  plan(document: DocumentNode, operationName?: string | null): QueryPlan {
    const key = `${operationName ?? ""}\n${print(document)}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(this.apiSchema, document, { operationName: operationName ?? undefined });
    const plan = this.planner.buildQueryPlan(operation);
    if (this.plans.size >= MAX_CACHED_PLANS) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(key, plan);
    return plan;
  }
}
