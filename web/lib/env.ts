// The only module that reads process.env. Server-side: never import it from a client component.
import { z } from "zod";

const schema = z.object({
  GATEWAY_URL: z.url().default("http://127.0.0.1:4000/graphql"),
  /** Unset: derived from GATEWAY_URL (http → ws, https → wss). */
  GATEWAY_WS_URL: z.url().optional(),
  /** How long a server-side request to the gateway may take. */
  GATEWAY_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
});

export interface WebEnv {
  gatewayUrl: string;
  gatewayWsUrl: string;
  gatewayTimeoutMs: number;
}

function toWebSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

function parse(): WebEnv {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  const { GATEWAY_URL, GATEWAY_WS_URL, GATEWAY_TIMEOUT_MS } = result.data;
  return {
    gatewayUrl: GATEWAY_URL,
    gatewayWsUrl: GATEWAY_WS_URL ?? toWebSocketUrl(GATEWAY_URL),
    gatewayTimeoutMs: GATEWAY_TIMEOUT_MS,
  };
}

let cached: WebEnv | undefined;

/** Parsed on first use, at request time, so `next build` needs no environment. */
export function env(): WebEnv {
  cached ??= parse();
  return cached;
}
