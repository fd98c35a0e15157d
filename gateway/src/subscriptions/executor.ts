// Executes a planned subscription. @apollo/gateway plans subscriptions but
// refuses to run them; this runs the plan as Apollo Router does: the primary
// fetch is a subscription on the owning subgraph (over graphql-ws), and for
// every event the rest of the plan (entity fetches to other subgraphs) is run
// by the gateway's own executeQueryPlan, seeded with the event as if it were
// the result of a first fetch.
import { executeQueryPlan, buildOperationContext, type ServiceMap } from "@apollo/gateway";
import type { FetchNode, QueryPlan, SubscriptionNode } from "@apollo/query-planner";
import type { GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import {
  GraphQLError,
  print,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from "graphql";
import type { Logger } from "@benefits-hub/platform";
import type { GatewayContext } from "../context";
import type { SupergraphPlanner } from "./planner";
import type { UpstreamConnections } from "./upstream";

const EVENT_SOURCE = "__subscription_event__";

export interface SubscriptionRequest {
  document: DocumentNode;
  operationName?: string | null;
  variables: Record<string, unknown>;
  context: GatewayContext;
  upstream: UpstreamConnections;
}

export class SubscriptionExecutor {
  constructor(
    private readonly planner: SupergraphPlanner,
    private readonly serviceMap: ServiceMap,
    private readonly log: Logger,
  ) {}

  async *subscribe(request: SubscriptionRequest): AsyncGenerator<ExecutionResult> {
    const plan = this.planner.plan(request.document, request.operationName);
    if (plan.node?.kind !== "Subscription") throw new GraphQLError("Not a subscription operation");
    const { primary } = plan.node;
    const upstream = request.upstream.client(primary.serviceName);
    const events = upstream.iterate({
      query: primary.operation,
      operationName: primary.operationName ?? undefined,
      variables: pick(request.variables, primary.variableUsages),
    });
    const operationContext = buildOperationContext({
      schema: this.planner.apiGraphQLSchema,
      operationDocument: request.document,
      operationName: request.operationName ?? undefined,
    });
    try {
      for await (const event of events) {
        if (!event.data) {
          yield { errors: toErrors(event.errors) ?? [new GraphQLError("Subscription event without data")] };
          continue;
        }
        yield await this.resolveEvent(plan.node, event, request, operationContext);
      }
    } catch (error) {
      this.log.warn({ service: primary.serviceName, reason: closeReason(error) }, "upstream subscription ended");
      throw new GraphQLError(`The ${primary.serviceName} service ended the subscription (${closeReason(error)})`, {
        extensions: { code: "SUBSCRIPTION_UPSTREAM_CLOSED", service: primary.serviceName },
      });
    } finally {
      await events.return?.();
    }
  }

  private async resolveEvent(
    node: SubscriptionNode,
    event: FormattedExecutionResult<Record<string, unknown>, unknown>,
    request: SubscriptionRequest,
    operationContext: ReturnType<typeof buildOperationContext>,
  ): Promise<ExecutionResult> {
    const seed: FetchNode = { ...node.primary, serviceName: EVENT_SOURCE };
    const plan: QueryPlan = {
      kind: "QueryPlan",
      node: node.rest ? { kind: "Sequence", nodes: [seed, node.rest] } : seed,
    };
    const serviceMap: ServiceMap = { ...this.serviceMap, [EVENT_SOURCE]: { process: async () => event as never } };
    const requestContext = {
      request: {
        query: print(request.document),
        operationName: request.operationName ?? undefined,
        variables: request.variables,
      },
      context: request.context,
      logger: this.log,
      metrics: {},
      cache: undefined,
      overallCachePolicy: undefined,
    } as unknown as GatewayGraphQLRequestContext;
    const result = await executeQueryPlan(
      plan,
      serviceMap,
      requestContext,
      operationContext,
      this.planner.supergraphSchema,
      this.planner.apiSchema,
    );
    const errors = [...(toErrors(event.errors) ?? []), ...(result.errors ?? [])];
    return errors.length > 0 ? { data: result.data ?? null, errors } : { data: result.data ?? null };
  }
}

function toErrors(errors: readonly GraphQLFormattedError[] | undefined): GraphQLError[] | undefined {
  return errors?.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }));
}

function pick(variables: Record<string, unknown>, names: readonly string[] | undefined): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names ?? []) if (name in variables) picked[name] = variables[name];
  return picked;
}

function closeReason(error: unknown): string {
  if (error && typeof error === "object" && "code" in error) {
    const { code, reason } = error as { code: number; reason?: string };
    return reason ? `closed ${code}: ${reason}` : `closed ${code}`;
  }
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return error.map((e: { message?: string }) => e.message).join("; ");
  return "connection lost";
}
