// The category tree in reading order (each category followed by its children), with each one's depth.
import type { Category } from "../graphql/types";

export interface CategoryOption {
  category: Category;
  depth: number;
}

/** A category whose parent is not in the list is shown at the top level. */
export function flattenCategoryTree(categories: readonly Category[]): CategoryOption[] {
  const ids = new Set(categories.map((c) => c.id));
  const childrenOf = new Map<string | null, Category[]>();
  for (const category of categories) {
    const parent = category.parentId && ids.has(category.parentId) ? category.parentId : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), category]);
  }
  const out: CategoryOption[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const category of childrenOf.get(parent) ?? []) {
      out.push({ category, depth });
      visit(category.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}
