// A cockpit question the caller asked wrongly: a GraphQL error naming the
// argument, answered before any data is read (as the other subgraphs refuse
// bad query arguments, code BAD_USER_INPUT, which the web app shows as "invalid").
import { GraphQLError } from "graphql";

export class CockpitInputError extends GraphQLError {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, { extensions: { code: "BAD_USER_INPUT", field } });
  }
}

export const invalidInput = (field: string, message: string): never => {
  throw new CockpitInputError(field, message);
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);
