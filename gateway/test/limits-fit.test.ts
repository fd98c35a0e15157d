// The document limits as functions: each refuses with its own code, and the
// defaults leave every operation of the web app (at its largest page) and the
// standard introspection query inside them.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getIntrospectionQuery, parse, print, Kind, type OperationDefinitionNode } from "graphql";
import { SupergraphPlanner } from "../src/subscriptions/planner";
import { checkDocumentLimits, defaultDocumentLimits, parseWithinLimits } from "../src/limits";

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const schema = new SupergraphPlanner(readFileSync(root("schema/supergraph.graphql"), "utf8")).apiGraphQLSchema;
const codes = (query: string, variables?: Record<string, unknown>, limits = defaultDocumentLimits) => {
  const parsed = parseWithinLimits(query, limits);
  if (parsed.error) return [parsed.error.extensions.code];
  return checkDocumentLimits(schema, parsed.document, { variables }, limits).map((e) => e.extensions.code);
};
const nested = (levels: number) => `{ orgTree { ${"children { ".repeat(levels)}id${" }".repeat(levels)} } }`;

/** Every operation in web/lib/graphql, with `${CONSTANT}` fragments of field lists filled in from the same file. */
function webOperations(): { file: string; text: string }[] {
  const dir = root("web/lib/graphql");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".ts"))
    .flatMap((name) => {
      const source = readFileSync(`${dir}/${name}`, "utf8");
      return [...source.matchAll(/gql(?:<[^`]*?>)?`([^`]*)`/gs)].map((match) => ({
        file: name,
        text: match[1]!.replace(/\$\{(\w+)\}/g, (_, constant: string) => {
          const value = new RegExp(`const ${constant} = [\`"]([^\`"]*)[\`"]`).exec(source)?.[1];
          if (value === undefined) throw new Error(`${name}: cannot resolve \${${constant}}`);
          return value;
        }),
      }));
    });
}

describe("the defaults fit what the hub's own clients send", () => {
  test("every web app operation, with 100 for each Int variable (the largest page a page asks)", () => {
    const operations = webOperations();
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const { file, text } of operations) {
      const document = parse(text);
      const operation = document.definitions.find(
        (d) => d.kind === Kind.OPERATION_DEFINITION,
      ) as OperationDefinitionNode;
      const variables = Object.fromEntries(
        (operation.variableDefinitions ?? [])
          .filter(({ type }) => (type.kind === Kind.NON_NULL_TYPE ? type.type : type).kind === Kind.NAMED_TYPE)
          .filter(({ type }) => print(type).replace("!", "") === "Int")
          .map((v) => [v.variable.name.value, 100]),
      );
      const errors = checkDocumentLimits(schema, document, { variables });
      expect({ file, operation: operation.name?.value, errors: errors.map((e) => e.message) }).toEqual({
        file,
        operation: operation.name?.value,
        errors: [],
      });
    }
  });

  test("the standard introspection query (GraphiQL, codegen) passes", () => {
    expect(codes(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }))).toEqual([]);
  });
});

describe("each limit refuses with its own code", () => {
  test("depth: 12 levels pass, 13 do not, and the issue's 32-level orgTree is QUERY_TOO_DEEP", () => {
    expect(codes(nested(10), undefined, { ...defaultDocumentLimits, maxCost: 1e30 })).toEqual([]);
    expect(codes(nested(11), undefined, { ...defaultDocumentLimits, maxCost: 1e30 })).toEqual(["QUERY_TOO_DEEP"]);
    const attack = `{ orgTree { ${"children { parent { ".repeat(16)}id${" } }".repeat(16)} } }`;
    expect(codes(attack)).toContain("QUERY_TOO_DEEP");
    // Fragments do not hide levels.
    const viaFragments = `{ orgTree { ...A } } fragment A on OrgUnit { children { ...B } }
      fragment B on OrgUnit { children { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } } }`;
    expect(codes(viaFragments)).toContain("QUERY_TOO_DEEP");
  });

  test("aliases: 30 pass, 31 are TOO_MANY_ALIASES, counted inside fragments where they are spread", () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(" ")} }`;
    expect(codes(aliased(30))).toEqual([]);
    expect(codes(aliased(31))).toEqual(["TOO_MANY_ALIASES"]);
    const fragment = `fragment F on Query { ${Array.from({ length: 16 }, (_, i) => `f${i}: me { id }`).join(" ")} }`;
    expect(codes(`{ ...F } ${fragment}`)).toEqual([]);
    expect(codes(`{ ...F ... on Query { ...F } } ${fragment}`)).toEqual(["TOO_MANY_ALIASES"]);
  });

  test("directives: 30 pass, 31 are TOO_MANY_DIRECTIVES", () => {
    const directed = (n: number) => `{ me { id ${"@include(if: true) ".repeat(n)} } }`;
    expect(codes(directed(30))).toEqual([]);
    expect(codes(directed(31))).toEqual(["TOO_MANY_DIRECTIVES"]);
  });

  test("repeated fields: 20 of one name pass, 21 are TOO_MANY_REPEATED_FIELDS, through fragments too", () => {
    const repeated = (n: number) => `{ ${"me { id } ".repeat(n)} }`;
    expect(codes(repeated(20))).toEqual([]);
    expect(codes(repeated(21))).toEqual(["TOO_MANY_REPEATED_FIELDS"]);
    // The quadratic validation case, inside every other limit.
    expect(codes(repeated(990))).toEqual(["TOO_MANY_REPEATED_FIELDS"]);
    expect(codes(`{ me { ${"... on Member { id } ".repeat(21)} } }`)).toEqual(["TOO_MANY_REPEATED_FIELDS"]);
    const fragments = Array.from({ length: 21 }, (_, i) => `fragment F${i} on Query { me { id } }`).join(" ");
    const spreads = Array.from({ length: 21 }, (_, i) => `...F${i}`).join(" ");
    expect(codes(`{ ${spreads} } ${fragments}`)).toEqual(["TOO_MANY_REPEATED_FIELDS"]);
    // One fragment spread many times is merged into one by GraphQL, and counts once.
    expect(codes(`{ ${"...F0 ".repeat(40)} } fragment F0 on Query { me { id } }`)).toEqual([]);
  });

  test("tokens: TOO_MANY_TOKENS once the parser passes the limit, whatever the size", () => {
    const many = `{ ${"__typename ".repeat(defaultDocumentLimits.maxTokens)} }`;
    expect(many.length).toBeLessThan(defaultDocumentLimits.maxDocumentBytes);
    expect(codes(many)).toEqual(["TOO_MANY_TOKENS"]);
  });

  test("size: DOCUMENT_TOO_LARGE (413) before parsing, counted in UTF-8 bytes", () => {
    const parsed = parseWithinLimits(`{ me { id } } # ${"é".repeat(defaultDocumentLimits.maxDocumentBytes / 2)}`);
    expect(parsed.error?.extensions).toMatchObject({ code: "DOCUMENT_TOO_LARGE", http: { status: 413 } });
    expect(parseWithinLimits("{ me { id } ").error?.extensions.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  test("cost: lists weigh by their page size, from literals and variables alike", () => {
    const members = `query M($n: Int) { members(first: $n) { members { id orgUnit { name parent { name } } } } }`;
    expect(codes(members, { n: 500 })).toEqual([]);
    expect(codes(members, { n: 100_000 })).toEqual(["COST_LIMIT"]);
    expect(codes(`{ benefits(first: 100000) { id brand { name } } }`)).toEqual(["COST_LIMIT"]);
    // A list without a page size counts as the default size per level: five levels of children is 20^5.
    expect(codes(`{ orgTree { children { children { children { children { children { id } } } } } } }`)).toEqual([
      "COST_LIMIT",
    ]);
    // Fragments do not hide the work.
    const viaFragments = (n: number) =>
      `{ ...A } fragment A on Query { benefits(first: ${n}) { ...B } } fragment B on Benefit { brand { name } category { name } }`;
    expect(codes(viaFragments(100))).toEqual([]);
    expect(codes(viaFragments(10_000))).toEqual(["COST_LIMIT"]);
    const error = checkDocumentLimits(schema, parse(members), { variables: { n: 100_000 } })[0]!;
    expect(error.extensions).toMatchObject({ code: "COST_LIMIT", limit: defaultDocumentLimits.maxCost });
    expect(error.extensions.found).toBeGreaterThan(defaultDocumentLimits.maxCost);
  });

  test("credential checks: one login per request, however it is dressed up", () => {
    const login = `login(input: { email: "a@b.example", password: "x" }) { accessToken }`;
    expect(codes(`mutation { ${login} }`)).toEqual([]);
    expect(codes(`mutation { a: ${login} b: ${login} }`)).toEqual(["TOO_MANY_CREDENTIAL_CHECKS"]);
    expect(codes(`mutation { ${login} refreshSession(input: { refreshToken: "t" }) { accessToken } }`)).toEqual([
      "TOO_MANY_CREDENTIAL_CHECKS",
    ]);
    expect(codes(`mutation { ...L ... on Mutation { ...L } } fragment L on Mutation { ${login} }`)).toEqual([
      "TOO_MANY_CREDENTIAL_CHECKS",
    ]);
    const forty = `mutation { ${Array.from({ length: 40 }, (_, i) => `l${i}: ${login}`).join(" ")} }`;
    expect(codes(forty)).toEqual(expect.arrayContaining(["TOO_MANY_ALIASES", "TOO_MANY_CREDENTIAL_CHECKS"]));
    // Every limit is a setting.
    expect(
      codes(`mutation { a: ${login} b: ${login} }`, undefined, { ...defaultDocumentLimits, maxCredentialChecks: 2 }),
    ).toEqual([]);
  });

  test("a cyclic or unknown fragment is left to GraphQL validation, without looping", () => {
    expect(codes(`{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`)).toEqual([]);
    expect(codes(`{ ...Missing }`)).toEqual([]);
  });
});
