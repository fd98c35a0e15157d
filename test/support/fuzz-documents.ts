// Random GraphQL requests for the fuzz test, made from the composed schema and
// a seed: operations that are valid or nearly so (random fields, arguments and
// variables, some of the wrong type), the same documents mutated or cut short,
// and bodies that are not GraphQL at all. Same seed, same requests.
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Random = ReturnType<typeof random>;

/** One request: a JSON body (or raw text) and its content type. */
export interface FuzzRequest {
  kind: "operation" | "mutated" | "garbage";
  body: string;
  contentType: string;
}

const STRINGS = [
  "",
  "x",
  "0",
  "-1",
  "null",
  "🎁礼品卡",
  "a".repeat(300),
  "' OR 1=1 --",
  "<script>",
  "\u0000",
  "../../etc",
];
const NUMBERS = [0, 1, -1, 2, 20, 100, 501, 2 ** 31 - 1, -(2 ** 31), 1.5, 1e9];

export class FuzzDocuments {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rnd: Random,
  ) {}

  next(): FuzzRequest {
    const roll = this.rnd.next();
    if (roll < 0.2) return { kind: "operation", body: JSON.stringify(this.operation()), contentType: JSON_TYPE };
    if (roll < 0.7) {
      const { query, variables } = this.operation();
      return {
        kind: "mutated",
        body: JSON.stringify({ query: this.mutate(query), variables }),
        contentType: JSON_TYPE,
      };
    }
    return this.garbage();
  }

  /** A document built from the schema, with arguments inline or as variables. */
  operation(): { query: string; variables: Record<string, unknown> } {
    const roots = [this.schema.getQueryType(), this.schema.getMutationType(), this.schema.getSubscriptionType()];
    const root = this.rnd.chance(0.6) ? roots[0]! : (this.rnd.pick(roots.filter(Boolean)) as GraphQLObjectType);
    const keyword = root === roots[0] ? "query" : root === roots[1] ? "mutation" : "subscription";
    const variables: Record<string, unknown> = {};
    const definitions: string[] = [];
    const fields = Array.from({ length: this.rnd.int(1, 2) }, (_, i) => {
      const field = this.rnd.pick(Object.values(root.getFields()));
      const alias = i > 0 ? `f${i}: ` : "";
      return `${alias}${field.name}${this.args(field, { variables, definitions })}${this.selection(field.type, 0)}`;
    });
    const header = definitions.length ? `(${definitions.join(", ")})` : "";
    return { query: `${keyword} Fuzz${header} { ${fields.join(" ")} }`, variables };
  }

  /** Arguments, as variables (declared in `top`) or literals; nested fields take literals only. */
  private args(
    field: GraphQLField<unknown, unknown>,
    top?: { variables: Record<string, unknown>; definitions: string[] },
  ) {
    const given = field.args.filter((arg) => (isNonNullType(arg.type) ? !this.rnd.chance(0.05) : this.rnd.chance(0.4)));
    if (given.length === 0) return "";
    const parts = given.map((arg) => {
      const value = this.value(arg.type, 0);
      if (top && this.rnd.chance(0.5)) {
        const name = `v${top.definitions.length}`;
        top.definitions.push(`$${name}: ${String(arg.type)}`);
        // Sometimes a value of the wrong type, or none for a required variable.
        if (!this.rnd.chance(0.05))
          top.variables[name] = this.rnd.chance(0.1) ? this.rnd.pick(STRINGS) : variable(value);
        return `${arg.name}: $${name}`;
      }
      return `${arg.name}: ${literal(this.rnd.chance(0.05) ? this.rnd.pick(NUMBERS) : value)}`;
    });
    return `(${parts.join(", ")})`;
  }

  private value(type: GraphQLInputType, depth: number): unknown {
    if (isNonNullType(type)) return this.value(type.ofType, depth);
    if (this.rnd.chance(0.05)) return null;
    if (isListType(type)) return Array.from({ length: this.rnd.int(0, 3) }, () => this.value(type.ofType, depth + 1));
    if (isEnumType(type)) return { enum: this.rnd.chance(0.9) ? this.rnd.pick(type.getValues()).name : "NOT_A_VALUE" };
    if (isInputObjectType(type)) {
      const object: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        if (depth < 3 && (isNonNullType(field.type) || this.rnd.chance(0.3)))
          object[field.name] = this.value(field.type, depth + 1);
      }
      return object;
    }
    switch (isScalarType(type) ? type.name : "") {
      case "Int":
      case "Float":
        return this.rnd.pick(NUMBERS);
      case "Boolean":
        return this.rnd.chance(0.5);
      default:
        return this.rnd.chance(0.3) ? `id-${this.rnd.int(0, 99999)}` : this.rnd.pick(STRINGS);
    }
  }

  private selection(type: GraphQLOutputType, depth: number): string {
    const named = getNamedType(type) as GraphQLNamedType;
    if (isAbstractType(named)) {
      const possible = this.schema.getPossibleTypes(named);
      const parts = Array.from({ length: this.rnd.int(1, 2) }, () => {
        const object = this.rnd.pick(possible);
        return `... on ${object.name}${this.selection(object, depth)}`;
      });
      return ` { __typename ${parts.join(" ")} }`;
    }
    if (!isObjectType(named)) return "";
    const fields = Object.values(named.getFields());
    const chosen = Array.from({ length: this.rnd.int(1, 4) }, () => this.rnd.pick(fields));
    const parts = [...new Set(chosen)].map((field) => {
      const leaf = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type));
      if (!leaf && depth >= this.rnd.int(1, 3)) return "__typename";
      return `${field.name}${this.args(field)}${leaf ? "" : this.selection(field.type, depth + 1)}`;
    });
    return ` { ${parts.join(" ")} }`;
  }

  /** A document damaged the way a bad client or an attacker would. */
  mutate(query: string): string {
    const at = this.rnd.int(0, query.length);
    switch (this.rnd.int(0, 6)) {
      case 0:
        return query.slice(0, at);
      case 1:
        return query.slice(0, at) + query.slice(at + this.rnd.int(1, 10));
      case 2:
        return (
          query.slice(0, at) +
          this.rnd.pick(["{", "}", "(", ")", "$", "@", "...", '"', "\\", ":", "!", "#", "\u0000"]) +
          query.slice(at)
        );
      case 3:
        return (
          query.slice(0, at) + query.slice(at, at + this.rnd.int(5, 60)).repeat(this.rnd.int(2, 50)) + query.slice(at)
        );
      case 4:
        return `${query} fragment F on Query { ...F }`;
      case 5:
        return query.replace(/\w+/, this.rnd.pick(["__schema", "__type", "_entities", "_service", "x".repeat(100)]));
      default:
        return `${"{ a ".repeat(this.rnd.int(20, 400))}${"}".repeat(this.rnd.int(0, 400))}`;
    }
  }

  private garbage(): FuzzRequest {
    const choice = this.rnd.int(0, 9);
    const bytes = () =>
      Array.from({ length: this.rnd.int(0, 200) }, () => String.fromCharCode(this.rnd.int(0, 0xffff))).join("");
    switch (choice) {
      case 0:
        return { kind: "garbage", body: bytes(), contentType: JSON_TYPE };
      case 1:
        return { kind: "garbage", body: JSON.stringify({ query: bytes() }), contentType: JSON_TYPE };
      case 2:
        return {
          kind: "garbage",
          body: JSON.stringify({ query: this.rnd.pick([null, 1, [], {}, true]) }),
          contentType: JSON_TYPE,
        };
      case 3:
        return { kind: "garbage", body: JSON.stringify([{ query: "{ __typename }" }]), contentType: JSON_TYPE };
      case 4:
        return { kind: "garbage", body: `${"[".repeat(this.rnd.int(1, 5000))}`, contentType: JSON_TYPE };
      case 5:
        return {
          kind: "garbage",
          body: JSON.stringify({ query: "{ __typename }" }),
          contentType: this.rnd.pick(["text/plain", "", "multipart/form-data", "application/xml"]),
        };
      case 6:
        return {
          kind: "garbage",
          body: JSON.stringify({
            query: "query ($a: Int) { __typename }",
            variables: this.rnd.pick(["x", 1, [], { a: "b" }]),
          }),
          contentType: JSON_TYPE,
        };
      case 7:
        return {
          kind: "garbage",
          body: JSON.stringify({ query: "{ __typename }", operationName: this.rnd.pick(["", "X", 5, null]) }),
          contentType: JSON_TYPE,
        };
      case 8:
        return {
          kind: "garbage",
          body: JSON.stringify({ query: `{ ${"__typename ".repeat(this.rnd.int(1000, 6500))}}` }),
          contentType: JSON_TYPE,
        };
      default:
        return {
          kind: "garbage",
          body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
          contentType: JSON_TYPE,
        };
    }
  }
}

const JSON_TYPE = "application/json";

/** A value as JSON for a variable: enum values as their names. */
function variable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(variable);
  if (value && typeof value === "object") {
    if ("enum" in value && Object.keys(value).length === 1) return (value as { enum: string }).enum;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, variable(v)]));
  }
  return value;
}

/** A value as a GraphQL literal; enum values come as `{ enum: NAME }`. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object") {
    if ("enum" in value && Object.keys(value).length === 1) return String((value as { enum: string }).enum);
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(", ")} }`;
  }
  return JSON.stringify(value);
}
