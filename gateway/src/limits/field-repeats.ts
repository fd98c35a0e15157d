// A validation rule: how often one response name may repeat in a selection set
// (inline fragments and named fragment spreads flattened, as GraphQL merges
// them). Repeats are legal and merged, but graphql-js compares every pair of
// them (OverlappingFieldsCanBeMergedRule), so `{ me { id } me { id } ... }`
// 990 times, well inside the token limit, costs seconds of validation.
import {
  GraphQLError,
  Kind,
  visit,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

export const fieldRepeatsRule =
  (max: number): ValidationRule =>
  (context: ValidationContext): ASTVisitor => {
    let done = false;
    return {
      // Entered per operation (operations.ts); the whole document is checked once, on the first.
      OperationDefinition() {
        if (done) return false;
        done = true;
        let worst: { name: string; found: number } | undefined;
        // Every selection set once, without type information: linear in the document.
        visit(context.getDocument(), {
          SelectionSet(selectionSet) {
            const counts = new Map<string, number>();
            count(selectionSet, counts, new Set());
            for (const [name, found] of counts) if (found > (worst?.found ?? max)) worst = { name, found };
          },
        });
        if (worst) {
          context.reportError(
            new GraphQLError(
              `The field "${worst.name.slice(0, 100)}" is selected ${worst.found} times in one selection set; the limit is ${max}.`,
              {
                extensions: { code: "TOO_MANY_REPEATED_FIELDS", limit: max, found: worst.found, http: { status: 400 } },
              },
            ),
          );
        }
        return false;
      },
    };

    function count(selectionSet: SelectionSetNode, counts: Map<string, number>, spread: Set<string>) {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const name = selection.alias?.value ?? selection.name.value;
          counts.set(name, (counts.get(name) ?? 0) + 1);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          count(selection.selectionSet, counts, spread);
        } else if (!spread.has(selection.name.value)) {
          // GraphQL merges a fragment spread twice into one; cycles stop here too.
          spread.add(selection.name.value);
          const fragment = context.getFragment(selection.name.value);
          if (fragment) count(fragment.selectionSet, counts, spread);
        }
      }
    }
  };
