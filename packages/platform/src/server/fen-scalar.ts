// Fen: money in fen as a decimal string, since amounts exceed 32-bit Int and
// JavaScript's safe integers. Parsed to bigint; integers are accepted as input.
// Shared by every subgraph that declares `scalar Fen` (membership, analytics).
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

const DIGITS = /^-?\d{1,19}$/;

function toBigInt(value: unknown): bigint {
  if (typeof value === "string" && DIGITS.test(value)) return BigInt(value);
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  throw new GraphQLError("Fen is a whole number of fen, written as a string of digits", {
    extensions: { code: "BAD_USER_INPUT" },
  });
}

export const Fen = new GraphQLScalarType<bigint, string>({
  name: "Fen",
  description: "An amount of money in fen, as a string of decimal digits.",
  serialize: (value) => {
    if (typeof value === "bigint") return value.toString();
    return toBigInt(value).toString();
  },
  parseValue: toBigInt,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return toBigInt(ast.value);
    throw new GraphQLError("Fen is a whole number of fen, written as a string of digits", {
      extensions: { code: "BAD_USER_INPUT" },
    });
  },
});
