// Typed GraphQL operations: `npm run codegen -w @benefits-hub/web` writes lib/gql/ (the client preset) from the
// gateway's API schema and every `graphql(...)` document imported from "@/lib/gql" in app/, components/ and lib/.
// `npm run codegen:check` fails when lib/gql/ is stale (the web typecheck runs it, so CI does too).
//
// The API schema, not schema/supergraph.graphql as it is: the supergraph carries the join__/link__ machinery
// and inaccessible fields. Federation's own Supergraph.apiSchema() prints what the gateway actually serves.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Supergraph } from "@apollo/federation-internals";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { printSchema } from "graphql";

const supergraphPath = path.resolve(process.cwd(), "../schema/supergraph.graphql");
const apiSchema = printSchema(Supergraph.build(readFileSync(supergraphPath, "utf8")).apiSchema().toGraphQLJSSchema());

const config: CodegenConfig = {
  schema: apiSchema,
  documents: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "!lib/gql/**"],
  // Only documents written with this module's graphql(); the older hand-typed gql`` of @urql/core stay as they are.
  pluckConfig: { modules: [{ name: "@/lib/gql", identifier: "graphql" }], globalGqlIdentifierName: [] },
  ignoreNoDocuments: true,
  generates: {
    "lib/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Money in fen travels as a decimal string (it passes 2^53 in sums); see the schema's Fen.
        scalars: { Fen: "string", JSONObject: "Record<string, unknown>" },
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
};

export default config;
