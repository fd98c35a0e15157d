// Carries graphql-ws's protocol over `ws` sockets (what graphql-ws/use/ws
// does), with two differences: a subscribe message whose payload is malformed
// is answered with an error for that operation instead of closing the socket
// (the protocol's 4400 remains for frames that name no operation), and
// failures are logged through our logger.
import type { IncomingMessage } from "node:http";
import type { WebSocket, WebSocketServer } from "ws";
import { CloseCode, MessageType, validateMessage, type Server } from "graphql-ws";
import type { Logger } from "@benefits-hub/platform";

export interface SocketExtra<C extends { acknowledged: boolean }> {
  socket: WebSocket;
  request: IncomingMessage;
  /** Ours: what the gateway keeps per connection (`acknowledged` once connection_init was accepted). */
  connection: C;
  /** Operation ids this connection runs now. */
  operations: Set<string>;
}

const KEEP_ALIVE_MS = 12_000;

export function serveGraphQLWs<C extends { acknowledged: boolean }>(
  wss: WebSocketServer,
  server: Server<SocketExtra<C>>,
  newConnection: (socket: WebSocket) => C,
  log: Logger,
): void {
  wss.on("connection", (socket, request) => {
    const extra: SocketExtra<C> = { socket, request, connection: newConnection(socket), operations: new Set() };
    let pongWait: NodeJS.Timeout | undefined;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once("pong", () => clearTimeout(pongWait));
      socket.ping();
    }, KEEP_ALIVE_MS);
    socket.on("error", (error) => log.info({ err: error.message }, "websocket error"));

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => closeSocket(socket, code ?? 1000, reason ?? ""),
        onMessage: (handle) =>
          socket.on("message", async (data) => {
            const text = String(data);
            try {
              if (await answerMalformedSubscribe(text, extra)) return;
              await handle(text);
            } catch (error) {
              log.error({ err: error instanceof Error ? error.message : String(error) }, "websocket message failed");
              closeSocket(socket, CloseCode.InternalServerError, "Internal server error");
            }
          }),
      },
      extra,
    );
    socket.once("close", (code, reason) => {
      clearInterval(ping);
      clearTimeout(pongWait);
      void closed(code, String(reason));
    });
  });
}

/** Closes with a reason cut to the 123 bytes a close frame allows. */
export function closeSocket(socket: WebSocket, code: number, reason: string): void {
  let text = reason;
  while (Buffer.byteLength(text) > 123) text = text.slice(0, -1);
  if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, text);
}

/**
 * A subscribe message for a new operation id on an acknowledged connection,
 * whose payload is not what the protocol says: answered with an error for
 * that id. Anything else goes to graphql-ws unchanged.
 */
async function answerMalformedSubscribe<C extends { acknowledged: boolean }>(text: string, extra: SocketExtra<C>) {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof message !== "object" || message === null) return false;
  const { type, id } = message as { type?: unknown; id?: unknown };
  if (type !== MessageType.Subscribe || typeof id !== "string" || id === "") return false;
  if (extra.operations.has(id) || !extra.connection.acknowledged) return false;
  try {
    validateMessage(message);
    return false;
  } catch (error) {
    const reason = error instanceof Error ? error.message : "malformed";
    const answer = {
      id,
      type: MessageType.Error,
      payload: [{ message: `Malformed subscribe message: ${reason}`, extensions: { code: "BAD_REQUEST" } }],
    };
    await new Promise<void>((resolve) => extra.socket.send(JSON.stringify(answer), () => resolve()));
    return true;
  }
}
