// What a mutation from the wallet, the mall's campaigns or the admin pages answers the page: the value, or the
// payload's errors in words; `retryable` when nothing happened for sure and the same idempotency key may be sent again.
import type { AnyVariables, TypedDocumentNode } from "@urql/core";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";

export interface ActionError {
  /** The API's typed code (EntitlementErrorCode), or SESSION / FORBIDDEN / UNREACHABLE from the web app. */
  code: string;
  message: string;
  /** The input field at fault, when the API names one. */
  field?: string | null;
}

export type ActionResult<T> = { ok: true; value: T } | { ok: false; errors: ActionError[]; retryable: boolean };

/** Codes after which the same request with the same key may still succeed (nothing was decided yet). */
const RETRYABLE_CODES = new Set(["IN_PROGRESS", "UNAVAILABLE", "UNREACHABLE"]);

export function refused<T>(errors: ActionError[]): ActionResult<T> {
  return { ok: false, errors, retryable: errors.every((error) => RETRYABLE_CODES.has(error.code)) };
}

export function refusedWith<T>(code: string, message: string, field?: string): ActionResult<T> {
  return refused([{ code, message, field: field ?? null }]);
}

interface Payload<T> {
  value: T | null | undefined;
  errors: readonly ActionError[];
}

/**
 * Runs one mutation as the viewer and reads its payload with `read`. Transport and GraphQL errors become
 * words; the payload's own errors are passed on as they are.
 */
export async function runMutation<Data, Variables extends AnyVariables, T>(
  operation: string,
  token: string,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  read: (data: Data) => Payload<T>,
  headers?: Record<string, string>,
): Promise<ActionResult<T>> {
  const result = await gatewayClient(token, headers).mutation(document, variables).toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure === "unauthenticated") return refusedWith("SESSION", "Your session has ended. Please sign in again.");
    if (failure === "forbidden") return refusedWith("FORBIDDEN", "Your account may not do this.");
    console.error(describeError(operation, result.error));
    if (failure === "unavailable") {
      return refusedWith("UNREACHABLE", "The hub could not be reached; nothing changed. Please try again.");
    }
    return refusedWith("FAILED", "That did not work. Please try again in a moment.");
  }
  if (!result.data) return refusedWith("UNREACHABLE", "The hub did not answer; please try again.");
  const payload = read(result.data);
  if (payload.errors.length > 0) return refused([...payload.errors]);
  if (payload.value === null || payload.value === undefined) return refusedWith("FAILED", "That did not work.");
  return { ok: true, value: payload.value };
}
