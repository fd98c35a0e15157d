// Subgraph requests: the caller's identity signed into x-hub-identity, over
// keep-alive pooled connections (undici), one pool per subgraph origin.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { Agent, fetch as undiciFetch } from "undici";
import type { Fetcher } from "@apollo/utils.fetcher";
import { IDENTITY_HEADER } from "@benefits-hub/platform";
import type { GatewayContext } from "./context";

export const subgraphAgent = new Agent({
  connections: 128,
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 60_000,
});

const pooledFetch = ((url: string, init: RequestInit) =>
  undiciFetch(url, { ...(init as object), dispatcher: subgraphAgent })) as unknown as Fetcher;

export class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string) {
    super({ url, fetcher: pooledFetch });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    request.http?.headers.set(IDENTITY_HEADER, await context.identityToken());
  }
}
