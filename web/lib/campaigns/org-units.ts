// The org tree as a flat list for pickers: each unit after its parent, siblings by name, with its depth.
// Relative imports only: the unit test loads this file without the app's path aliases.

export interface UnitNode {
  id: string;
  name: string;
  parentId: string | null;
}

export interface UnitChoice {
  id: string;
  name: string;
  depth: number;
}

/** Units whose parent is not in the list (a truncated tree) are left out rather than misplaced. */
export function orderUnits(root: UnitNode, descendants: readonly UnitNode[]): UnitChoice[] {
  const children = new Map<string, UnitNode[]>();
  for (const unit of descendants) {
    if (!unit.parentId) continue;
    const siblings = children.get(unit.parentId) ?? [];
    siblings.push(unit);
    children.set(unit.parentId, siblings);
  }
  const ordered: UnitChoice[] = [];
  const visit = (unit: UnitNode, depth: number) => {
    ordered.push({ id: unit.id, name: unit.name, depth });
    const below = [...(children.get(unit.id) ?? [])].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
    for (const child of below) visit(child, depth + 1);
  };
  visit(root, 0);
  return ordered;
}
