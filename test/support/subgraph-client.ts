// Calls a subgraph directly, as the gateway would, with a signed identity.
import { IDENTITY_HEADER, internalTokenCodec, type Identity } from "@benefits-hub/platform";
import type { GraphQLResponse } from "./hub";

export async function callSubgraph<T = any>(
  url: string,
  secret: string,
  identity: Identity,
  query: string,
  variables?: object,
): Promise<GraphQLResponse<T>> {
  const token = await internalTokenCodec(secret).sign(identity);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", [IDENTITY_HEADER]: token },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

export const ENTITIES_QUERY = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ... on Benefit { id } ... on Member { id } ... on Entitlement { id } }
}`;
