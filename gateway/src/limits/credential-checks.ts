// A validation rule: at most `max` credential-checking mutations (login,
// refreshSession, anything taking a password or refresh token) in one
// operation, aliases and fragments included. Each costs a password hash or a
// token lookup, so 40 aliased logins would be 40 hashes for one request.
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { schemaFacts } from "./schema-facts";

export const credentialChecksRule =
  (max: number): ValidationRule =>
  (context: ValidationContext): ASTVisitor => {
    const { credentialMutations } = schemaFacts(context.getSchema());
    return {
      OperationDefinition(operation) {
        if (operation.operation !== "mutation") return false;
        const found = count(operation.selectionSet, context, new Set());
        if (found > max) {
          context.reportError(
            new GraphQLError(
              `At most ${max} credential check (${[...credentialMutations].join(", ")}) per request; this operation has ${found}.`,
              { nodes: operation, extensions: { code: "TOO_MANY_CREDENTIAL_CHECKS", limit: max, found } },
            ),
          );
        }
        return false;
      },
    };

    function count(selectionSet: SelectionSetNode, context: ValidationContext, spread: Set<string>): number {
      let found = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (credentialMutations.has(selection.name.value)) found++;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          found += count(selection.selectionSet, context, spread);
        } else if (!spread.has(selection.name.value)) {
          // A fragment spread twice at the root is still counted twice, cycles once.
          const fragment = context.getFragment(selection.name.value);
          if (fragment) {
            spread.add(selection.name.value);
            found += count(fragment.selectionSet, context, spread);
            spread.delete(selection.name.value);
          }
        }
      }
      return found;
    }
  };
