// The cost estimate of an operation, after the IBM/Apollo demand-control
// convention: an object field costs 1, a scalar 0, and a list field multiplies
// what it holds by its page size argument (`first`, `limit`, ...), or by the
// default list size when it takes none. Lists inside a page type (the
// `members` of a `MemberPage` that `members(first: 50)` returned) are that
// page and are not multiplied again. Introspection costs nothing here; depth bounds it.
import {
  GraphQLError,
  TypeInfo,
  ValidationContext,
  getNamedType,
  isCompositeType,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { createComplexityRule, type ComplexityEstimator } from "graphql-query-complexity";
import { enterOperations } from "./operations";
import { PAGE_SIZE_ARGUMENTS, isListField, schemaFacts } from "./schema-facts";

/** Fields visited once fragments are expanded; past it the operation is refused as too costly. */
export const MAX_EXPANDED_FIELDS = 10_000;

export class TooManyFieldsError extends Error {
  override name = "TooManyFieldsError";
}

/**
 * The operation's estimated cost, or undefined when it cannot be estimated because the
 * document or its variables are invalid (the GraphQL validation that follows refuses those).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { operationName?: string | null; variables?: Record<string, unknown> | null },
  defaultListSize: number,
): number | undefined {
  let invalid = false;
  let cost = 0;
  const context = new ValidationContext(schema, document, new TypeInfo(schema), () => (invalid = true));
  const rule = createComplexityRule({
    maximumComplexity: Number.MAX_SAFE_INTEGER,
    onComplete: (complexity: number) => (cost = complexity),
    operationName: request.operationName ?? undefined,
    variables: request.variables ?? undefined,
    estimators: [costEstimator(schema, defaultListSize)],
    maxQueryNodes: MAX_EXPANDED_FIELDS,
  });
  try {
    enterOperations(rule(context), document);
  } catch (error) {
    if (error instanceof GraphQLError && error.message.includes("maximum allowed number of nodes")) {
      throw new TooManyFieldsError(error.message);
    }
    return undefined;
  }
  return invalid ? undefined : cost;
}

function costEstimator(schema: GraphQLSchema, defaultListSize: number): ComplexityEstimator {
  const { pageTypes } = schemaFacts(schema);
  return ({ field, args, type, childComplexity }) => {
    const named = getNamedType(field.type);
    if (named.name.startsWith("__") || type.name.startsWith("__")) return childComplexity;
    const own = isCompositeType(named) ? 1 : 0;
    return multiplier() * (own + childComplexity);

    function multiplier() {
      for (const name of PAGE_SIZE_ARGUMENTS) {
        const size = args[name];
        if (typeof size === "number" && Number.isFinite(size)) return Math.max(0, Math.floor(size));
      }
      if (!isListField(field.type)) return 1;
      return pageTypes.has(type.name) ? 1 : defaultListSize;
    }
  };
}
