// The limit rules (graphql-armor's, ours, graphql-query-complexity's) hook
// only OperationDefinition and walk the selections themselves, so they are
// entered once per operation here instead of through graphql's validate(),
// whose full walk with type information would double the work per request.
import { Kind, type ASTVisitor, type DocumentNode, type OperationDefinitionNode } from "graphql";

type OperationHook = (this: unknown, node: OperationDefinitionNode) => unknown;

export function enterOperations(visitor: ASTVisitor | object, document: DocumentNode) {
  const hook = (visitor as { OperationDefinition?: OperationHook | { enter?: OperationHook; leave?: OperationHook } })
    .OperationDefinition;
  if (!hook) return;
  const enter = typeof hook === "function" ? hook : hook.enter;
  const leave = typeof hook === "function" ? undefined : hook.leave;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    enter?.call(visitor, definition);
    leave?.call(visitor, definition);
  }
}
