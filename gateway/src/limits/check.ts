// The gateway's document limits, as plain functions over a parsed document so
// that every transport (HTTP in limits/http.ts, the websocket in
// ws-server.ts) applies the same ones before GraphQL validation runs.
import {
  GraphQLError,
  TypeInfo,
  ValidationContext,
  parse,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { defaultDocumentLimits, type DocumentLimits } from "./config";
import { MAX_EXPANDED_FIELDS, TooManyFieldsError, operationCost } from "./cost";
import { credentialChecksRule } from "./credential-checks";
import { fieldRepeatsRule } from "./field-repeats";
import { enterOperations } from "./operations";

export interface OperationRequest {
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** A refused document: the error to send (its extensions carry `code` and `http.status`). */
export type LimitError = GraphQLError;

/**
 * Parses a document's text within the size and token limits. A syntax error comes back
 * as GRAPHQL_PARSE_FAILED; a document over a limit as DOCUMENT_TOO_LARGE (413) or TOO_MANY_TOKENS.
 */
export function parseWithinLimits(
  source: string,
  limits: DocumentLimits = defaultDocumentLimits,
): { document: DocumentNode; error?: undefined } | { document?: undefined; error: LimitError } {
  // A byte is at least one UTF-16 unit: the length decides most cases without encoding.
  if (source.length > limits.maxDocumentBytes || Buffer.byteLength(source) > limits.maxDocumentBytes) {
    return {
      error: refusal(
        "DOCUMENT_TOO_LARGE",
        `The GraphQL document is larger than ${limits.maxDocumentBytes} bytes.`,
        limits.maxDocumentBytes,
        undefined,
        413,
      ),
    };
  }
  try {
    return { document: parse(source, { maxTokens: limits.maxTokens, noLocation: false }) };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    // graphql-js says "more that N tokens" (sic); accept either spelling.
    if (/more tha[nt] \d+ tokens/.test(error.message)) {
      return {
        error: refusal(
          "TOO_MANY_TOKENS",
          `The GraphQL document has more than ${limits.maxTokens} tokens.`,
          limits.maxTokens,
        ),
      };
    }
    return {
      error: new GraphQLError(error.message, {
        source: error.source,
        positions: error.positions,
        extensions: { code: "GRAPHQL_PARSE_FAILED", http: { status: 400 } },
      }),
    };
  }
}

/**
 * The limits on a parsed document: depth, aliases, directives, credential checks, then the
 * cost estimate of the operation that `operationName` selects with these variables.
 * Empty when the document is within them. Runs before (and does not replace) GraphQL validation.
 */
export function checkDocumentLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: OperationRequest = {},
  limits: DocumentLimits = defaultDocumentLimits,
): readonly LimitError[] {
  const errors = structureErrors(schema, document, limits);
  return errors.length > 0 ? errors : costErrors(schema, document, request, limits);
}

/** The cost estimate alone: the part of the limits that depends on the variables. */
export function costErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: OperationRequest,
  limits: DocumentLimits,
): readonly LimitError[] {
  try {
    const cost = operationCost(schema, document, request, limits.defaultListSize);
    if (cost !== undefined && cost > limits.maxCost) {
      return [
        refusal(
          "COST_LIMIT",
          `The operation's estimated cost is ${cost}; the limit is ${limits.maxCost}. Ask for smaller pages (first) or fewer nested lists.`,
          limits.maxCost,
          cost,
        ),
      ];
    }
  } catch (error) {
    if (!(error instanceof TooManyFieldsError)) throw error;
    return [
      refusal(
        "COST_LIMIT",
        `The operation selects more than ${MAX_EXPANDED_FIELDS} fields once its fragments are expanded.`,
        limits.maxCost,
      ),
    ];
  }
  return [];
}

/** Depth, aliases, directives and credential checks: rules that each walk the document from its operations. */
export function structureErrors(schema: GraphQLSchema, document: DocumentNode, limits: DocumentLimits): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const context = new ValidationContext(schema, document, new TypeInfo(schema), (error) => errors.push(error));
  for (const rule of structureRules(limits)) enterOperations(rule(context), document);
  return errors;
}

function structureRules(limits: DocumentLimits): ValidationRule[] {
  // graphql-armor's rules, with our codes: they report through onReject instead of throwing.
  const reportAs = (code: string, what: string, limit: number) => ({
    n: limit,
    propagateOnRejection: false,
    onReject: [
      (context: { reportError(error: GraphQLError): void } | null, error: GraphQLError) => {
        const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN);
        context?.reportError(
          refusal(
            code,
            `The operation has ${Number.isNaN(found) ? "too many" : found} ${what}; the limit is ${limit}.`,
            limit,
            found,
          ),
        );
      },
    ],
  });
  return [
    maxDepthRule({ ...reportAs("QUERY_TOO_DEEP", "levels of nested fields", limits.maxDepth), flattenFragments: true }),
    maxAliasesRule(reportAs("TOO_MANY_ALIASES", "aliases", limits.maxAliases)),
    maxDirectivesRule(reportAs("TOO_MANY_DIRECTIVES", "directives", limits.maxDirectives)),
    credentialChecksRule(limits.maxCredentialChecks),
    fieldRepeatsRule(limits.maxFieldRepeats),
  ] as ValidationRule[];
}

function refusal(code: string, message: string, limit: number, found?: number, status = 400): LimitError {
  return new GraphQLError(message, {
    extensions: { code, limit, ...(found === undefined || Number.isNaN(found) ? {} : { found }), http: { status } },
  });
}
