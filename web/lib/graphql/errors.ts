// Turns the gateway's errors into the app's failure kinds and into safe log lines.
import type { CombinedError } from "@urql/core";
import type { Failure } from "./types";

export function classifyError(error: CombinedError): Failure {
  if (error.networkError) return "unavailable";
  const codes = error.graphQLErrors.map((e) => e.extensions["code"]);
  if (codes.includes("UNAUTHENTICATED")) return "unauthenticated";
  if (codes.includes("FORBIDDEN")) return "forbidden";
  if (codes.includes("BAD_USER_INPUT")) return "invalid";
  return "failed";
}

/** One line for the server log: never includes variables or headers, which may hold secrets. */
export function describeError(operation: string, error: CombinedError): string {
  const cause = error.networkError ? error.networkError.message : error.graphQLErrors.map((e) => e.message).join("; ");
  return `[web] ${operation} failed: ${cause}`;
}
