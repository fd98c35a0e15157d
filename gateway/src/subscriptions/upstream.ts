// The websocket connections one client connection holds to subgraphs: opened
// on first use, each carrying the client's identity, all closed with it.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { GatewayContext } from "../context";

export class UpstreamConnections {
  private readonly clients = new Map<string, Client>();

  constructor(
    private readonly wsUrls: Readonly<Record<string, string>>,
    private readonly context: GatewayContext,
  ) {}

  client(service: string): Client {
    const existing = this.clients.get(service);
    if (existing) return existing;
    const url = this.wsUrls[service];
    if (!url) throw new Error(`no websocket URL for subgraph ${service}`);
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: true,
      // A lost subgraph ends the client's subscriptions with an error; the client decides to retry.
      retryAttempts: 0,
      keepAlive: 10_000,
      connectionParams: async () => ({ identity: await this.context.identityToken() }),
    });
    this.clients.set(service, client);
    return client;
  }

  async closeAll(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((c) => c.dispose()));
  }
}
