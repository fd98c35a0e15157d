// Structured JSON logs (pino). Secrets never reach a log: the redact list
// covers the headers and fields that carry them.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(service: string, level: string = "info"): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'req.headers["x-hub-identity"]',
        "*.password",
        "*.accessToken",
        "*.secret",
      ],
      censor: "[redacted]",
    },
  });
}
