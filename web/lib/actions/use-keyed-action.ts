// Runs a server action for one user action with one idempotency key. A click while it is on its way does
// nothing; an answer that decided nothing (unreachable, still in progress) keeps the key, so "try again" repeats
// the same request and the hub carries it out at most once. A new request (other inputs) gets a new key.
import { useRef, useState } from "react";
import type { ActionResult } from "../graphql/action-result";
import { newIdempotencyKey } from "./idempotency-key";

const UNREACHABLE_MESSAGE = "The hub could not be reached; nothing changed. Please try again.";

export interface KeyedAction {
  /** The action running now, if any (its name). */
  busy: string | null;
  /** Sends `send(key)` unless an action is running; `request` names the request (action and inputs). */
  run<T>(request: string, send: (key: string) => Promise<ActionResult<T>>): Promise<ActionResult<T> | null>;
}

export function useKeyedAction(): KeyedAction {
  const running = useRef(false);
  const pending = useRef<{ request: string; key: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function run<T>(request: string, send: (key: string) => Promise<ActionResult<T>>) {
    if (running.current) return null;
    running.current = true;
    if (pending.current?.request !== request) pending.current = { request, key: newIdempotencyKey() };
    const { key } = pending.current;
    setBusy(request.split(":")[0] ?? request);
    try {
      let result: ActionResult<T>;
      try {
        result = await send(key);
      } catch {
        result = { ok: false, errors: [{ code: "UNREACHABLE", message: UNREACHABLE_MESSAGE }], retryable: true };
      }
      // Decided (done or refused for good): the next click is a new action.
      if (result.ok || !result.retryable) pending.current = null;
      return result;
    } finally {
      running.current = false;
      setBusy(null);
    }
  }

  return { busy, run };
}
