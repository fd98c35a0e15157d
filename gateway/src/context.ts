import type { Identity, InternalTokenCodec, RequestOrigin } from "@benefits-hub/platform";

/** Per request (HTTP) or per connection (websocket). */
export interface GatewayContext {
  identity: Identity;
  /** The identity signed for subgraphs, made at most once per context. */
  identityToken(): Promise<string>;
}

export function gatewayContext(identity: Identity, codec: InternalTokenCodec, origin?: RequestOrigin): GatewayContext {
  let token: Promise<string> | undefined;
  let signedAt = 0;
  return {
    identity,
    identityToken() {
      // Long-lived websocket contexts re-sign before the 60 s token expires.
      if (!token || Date.now() - signedAt > 30_000) {
        signedAt = Date.now();
        token = codec.sign(identity, origin);
      }
      return token;
    },
  };
}
