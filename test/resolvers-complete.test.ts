// Every Query, Mutation and Subscription field a subgraph declares has a resolver.
import { Kind, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from "graphql";
import { typeDefs as catalogSdl } from "../subgraphs/catalog/src/server";
import { typeDefs as membershipSdl } from "../subgraphs/membership/src/server";
import { typeDefs as entitlementsSdl } from "../subgraphs/entitlements/src/server";
import { typeDefs as analyticsSdl } from "../subgraphs/analytics/src/server";
import { resolvers as catalog } from "../subgraphs/catalog/src/resolvers";
import { resolvers as membership } from "../subgraphs/membership/src/resolvers";
import { resolvers as entitlements } from "../subgraphs/entitlements/src/resolvers";
import { resolvers as analytics } from "../subgraphs/analytics/src/resolvers";

const cases = [
  ["catalog", catalogSdl, catalog],
  ["membership", membershipSdl, membership],
  ["entitlements", entitlementsSdl, entitlements],
  ["analytics", analyticsSdl, analytics],
] as const;

test.each(cases)("%s resolves every root field it declares", (_name, sdl, resolvers) => {
  const missing: string[] = [];
  for (const definition of sdl.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
    const root = type.name.value;
    if (!["Query", "Mutation", "Subscription"].includes(root)) continue;
    const map = (resolvers as Record<string, Record<string, unknown> | undefined>)[root] ?? {};
    for (const field of type.fields ?? []) if (!map[field.name.value]) missing.push(`${root}.${field.name.value}`);
  }
  expect(missing).toEqual([]);
});
