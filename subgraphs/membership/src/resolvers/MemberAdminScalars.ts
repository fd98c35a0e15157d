// JSONObject: a JSON object as input and output (a member's attributes).
import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from "graphql";

function toObject(value: unknown): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new GraphQLError("JSONObject is a JSON object", { extensions: { code: "BAD_USER_INPUT" } });
}

export const JSONObject = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: "JSONObject",
  description: "A JSON object.",
  serialize: toObject,
  parseValue: toObject,
  parseLiteral: (ast, variables) => {
    if (ast.kind !== Kind.OBJECT) return toObject(null);
    return toObject(valueFromASTUntyped(ast, variables));
  },
});
