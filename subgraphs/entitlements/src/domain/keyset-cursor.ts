// Opaque keyset cursors over (a time, an id), shared by every list of the
// subgraph (and the other subgraphs): see packages/platform.
export { decodeKeyset, encodeKeyset } from "@benefits-hub/platform/server/keyset-cursor";
