// JSONObject: a JSON object as input and output (an ingested event's data).
// A plain map of the scalar's functions, so it merges like any area's map.
import { GraphQLError, Kind, valueFromASTUntyped, type ValueNode } from "graphql";

function toObject(value: unknown): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new GraphQLError("JSONObject is a JSON object", { extensions: { code: "BAD_USER_INPUT" } });
}

export const JSONObject = {
  serialize: toObject,
  parseValue: toObject,
  parseLiteral: (ast: ValueNode, variables?: Record<string, unknown> | null) =>
    toObject(ast.kind === Kind.OBJECT ? valueFromASTUntyped(ast, variables) : null),
};
