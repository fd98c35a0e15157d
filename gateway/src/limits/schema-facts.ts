// What the limits need to know about a schema, worked out once per schema:
// which mutations check a credential and which types are pages of a list.
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from "graphql";

/** Arguments that say how many items a list field returns. */
export const PAGE_SIZE_ARGUMENTS = ["first", "last", "limit", "pageSize", "take"] as const;

/** Mutations that check a credential even without a password-like input. */
const CREDENTIAL_MUTATIONS = new Set(["login", "refreshSession"]);
/** An input field by one of these names makes its mutation a credential check (a password hash or a token lookup). */
const CREDENTIAL_INPUT = /password|refreshToken/i;

export interface SchemaFacts {
  /** Mutation fields that check a password or a refresh token. */
  credentialMutations: ReadonlySet<string>;
  /** Types returned by a field with a page size argument: their lists are that page, not a further multiple. */
  pageTypes: ReadonlySet<string>;
}

const cache = new WeakMap<GraphQLSchema, SchemaFacts>();

export function schemaFacts(schema: GraphQLSchema): SchemaFacts {
  let facts = cache.get(schema);
  if (!facts) {
    facts = { credentialMutations: credentialMutations(schema), pageTypes: pageTypes(schema) };
    cache.set(schema, facts);
  }
  return facts;
}

export const isListField = (type: GraphQLOutputType) => isListType(isNonNullType(type) ? type.ofType : type);

export const hasPageSizeArgument = (field: GraphQLField<unknown, unknown>) =>
  field.args.some((arg) => (PAGE_SIZE_ARGUMENTS as readonly string[]).includes(arg.name));

function credentialMutations(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    if (CREDENTIAL_MUTATIONS.has(field.name) || field.args.some((arg) => takesCredential(arg.name, arg.type))) {
      names.add(field.name);
    }
  }
  return names;
}

function takesCredential(name: string, type: GraphQLInputType, seen = new Set<string>()): boolean {
  if (CREDENTIAL_INPUT.test(name)) return true;
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => takesCredential(field.name, field.type, seen));
}

function pageTypes(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!("getFields" in type) || type.name.startsWith("__") || isInputObjectType(type)) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (hasPageSizeArgument(field) && !isListField(field.type)) names.add(getNamedType(field.type).name);
    }
  }
  return names;
}
