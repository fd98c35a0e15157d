// The web app's HTTP server: Next.js behind a thin front that decides the client's address itself. Whatever
// X-Forwarded-For or x-hub-client-address a browser sends is dropped; the address of the connection (or, with
// WEB_TRUST_PROXY=1 behind one TLS proxy, the last address that proxy appended) goes to the app in
// x-hub-client-address, and from there to the gateway (lib/auth/request-facts.ts).
// Usage: node server.mjs [-p <port>] [-H <host>]   (the flags of `next start`)
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";

const CLIENT_ADDRESS_HEADER = "x-hub-client-address";

function flag(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const port = Number(flag("-p", process.env.PORT ?? "3000"));
const hostname = flag("-H", process.env.HOSTNAME ?? "127.0.0.1");
const trustProxy = process.env.WEB_TRUST_PROXY === "1";
const dir = path.dirname(fileURLToPath(import.meta.url));

/** The client's address as this server knows it. */
function clientAddress(request) {
  if (trustProxy) {
    const chain = String(request.headers["x-forwarded-for"] ?? "").split(",");
    const last = chain[chain.length - 1]?.trim();
    if (last) return last;
  }
  return request.socket.remoteAddress ?? "";
}

const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((request, response) => {
  const address = clientAddress(request);
  // Only a trusted proxy's forwarding headers count; a browser's are dropped.
  const dropped = trustProxy ? ["x-forwarded-for"] : ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto"];
  for (const name of [...dropped, "x-forwarded-port", "x-real-ip", "forwarded"]) delete request.headers[name];
  delete request.headers[CLIENT_ADDRESS_HEADER];
  if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
  void handle(request, response);
});
server.listen(port, hostname, () => console.log(`web ready on http://${hostname}:${port}`));

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
