// What the gateway accepts in one GraphQL document. The defaults leave room
// above the largest operation of the web app and the tests (measured with
// gateway/test/limits-fit.test.ts); each can be changed through gateway/src/env.ts.

export interface DocumentLimits {
  /** Bytes of the document text (the `query` string); more is refused before parsing (413). */
  maxDocumentBytes: number;
  /** Lexical tokens; the parser stops at this many. */
  maxTokens: number;
  /** Nesting of fields in the response (fragments do not add a level). */
  maxDepth: number;
  /** Aliased fields in an operation, fragments counted where spread. */
  maxAliases: number;
  /** Directives in an operation. */
  maxDirectives: number;
  /** Times one response name may repeat in a selection set (fragments flattened). */
  maxFieldRepeats: number;
  /** Estimated cost: 1 per object field, lists multiplied by their page size (see cost.ts). */
  maxCost: number;
  /** Mutations that check a credential (login, refreshSession, ...) in one operation. */
  maxCredentialChecks: number;
  /** Assumed length of a list whose field takes no page size argument. */
  defaultListSize: number;
}

export const defaultDocumentLimits: DocumentLimits = {
  maxDocumentBytes: 64 * 1024,
  maxTokens: 4_000,
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 30,
  maxFieldRepeats: 20,
  maxCost: 25_000,
  maxCredentialChecks: 1,
  defaultListSize: 20,
};

export const resolveDocumentLimits = (overrides: Partial<DocumentLimits> = {}): DocumentLimits => ({
  ...defaultDocumentLimits,
  ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)),
});
