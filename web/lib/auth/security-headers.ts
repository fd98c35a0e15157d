// The Content Security Policy of every page: scripts only from this site and carrying the request's nonce (Next.js
// puts it on its own scripts), no framing, no plugins, forms and websockets to known places only.

/** `gatewayWsUrl`: the live dashboard's websocket (the only other origin a page talks to). */
export function contentSecurityPolicy(nonce: string, gatewayWsUrl: string, development: boolean): string {
  const ws = new URL(gatewayWsUrl);
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // React's style={{…}} attributes (bar widths, indents); no style elements without the nonce.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${ws.protocol}//${ws.host}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}

/** Headers every response carries (next.config.ts): no MIME sniffing, no framing, little referrer. */
export const STATIC_SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];
