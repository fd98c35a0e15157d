// Builds an operation for any root field of a schema: every required
// argument filled from the given values, a selection of the field's scalars
// a few levels deep. Used to generate tests that cover new fields by themselves.
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isInterfaceType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from "graphql";

export interface Fill {
  id: string;
}

function valueFor(type: GraphQLInputType, fill: Fill, depth = 0): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType, fill, depth);
  if (isListType(type)) return [valueFor(type.ofType, fill, depth)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) || depth === 0) value[field.name] = valueFor(field.type, fill, depth + 1);
    }
    return value;
  }
  switch (type.name) {
    case "ID":
      return fill.id;
    case "Int":
      return 1;
    case "Float":
      return 1;
    case "Boolean":
      return false;
    default:
      // Strings and custom scalars (money in fen travels as a string of digits).
      return type.name === "String" ? "isolation-probe" : "100";
  }
}

/** A selection of the type's scalars, `depth` levels deep (fields with required arguments left out). */
export function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return "";
  if (isUnionType(named) || isInterfaceType(named)) return "{ __typename }";
  if (!isObjectType(named) || depth === 0) return "{ __typename }";
  const parts = ["__typename"];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const sub = selection(field.type, depth - 1);
    const leaf = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type));
    if (leaf) parts.push(field.name);
    else if (sub) parts.push(`${field.name} ${sub}`);
  }
  return `{ ${parts.join(" ")} }`;
}

export function operationFor(
  kind: "query" | "mutation",
  field: GraphQLField<unknown, unknown>,
  fill: Fill,
): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const defs: string[] = [];
  const args: string[] = [];
  for (const arg of field.args) {
    if (
      !isNonNullType(arg.type) &&
      !getNamedType(arg.type).name.endsWith("Input") &&
      getNamedType(arg.type).name !== "ID"
    )
      continue;
    variables[arg.name] = valueFor(arg.type, fill);
    defs.push(`$${arg.name}: ${arg.type.toString()}`);
    args.push(`${arg.name}: $${arg.name}`);
  }
  const header = defs.length ? `(${defs.join(", ")})` : "";
  const call = args.length ? `(${args.join(", ")})` : "";
  return { query: `${kind} Probe${header} { ${field.name}${call} ${selection(field.type, 3)} }`, variables };
}
