// The issue's attacks against a running hub's gateway: each refused with a
// JSON GraphQL error and its own code, before anything reaches a subgraph.
import { createHash } from "node:crypto";
import { startTestHub, type TestHub } from "../../test/support/hub";
import { defaultDocumentLimits } from "../src/limits";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

async function post(body: string, token?: string) {
  const response = await fetch(hub.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await response.text();
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const json = JSON.parse(text) as {
    data?: unknown;
    errors?: { message: string; extensions: Record<string, unknown> }[];
  };
  return { status: response.status, json, codes: (json.errors ?? []).map((e) => e.extensions.code) };
}

const login = (email: string, password: string) =>
  `login(input: { email: ${JSON.stringify(email)}, password: ${JSON.stringify(password)} }) { accessToken }`;

test("orgTree { children { parent { children ... } } } 32 levels deep, as a member: QUERY_TOO_DEEP", async () => {
  const token = await hub.login(hub.demo.memberEmail);
  const query = `{ orgTree { ${"children { parent { ".repeat(16)}id${" } }".repeat(16)} } }`;
  const answer = await post(JSON.stringify({ query }), token);
  expect(answer.status).toBe(400);
  expect(answer.json.data).toBeUndefined();
  expect(answer.codes).toContain("QUERY_TOO_DEEP");
  expect(answer.json.errors![0]!.message).toMatch(/34 levels of nested fields; the limit is 12/);
  // Within the limits the same field still answers.
  const shallow = await post(JSON.stringify({ query: "{ orgTree { id children { id } } }" }), token);
  expect(shallow.status).toBe(200);
  expect(shallow.json.errors).toBeUndefined();
});

test("40 aliased logins from an anonymous caller: refused before any password is checked", async () => {
  const query = `mutation { ${Array.from({ length: 40 }, (_, i) => `l${i}: ${login(hub.demo.memberEmail, `wrong-${i}`)}`).join(" ")} }`;
  const answer = await post(JSON.stringify({ query }));
  expect(answer.status).toBe(400);
  expect(answer.codes).toEqual(expect.arrayContaining(["TOO_MANY_CREDENTIAL_CHECKS", "TOO_MANY_ALIASES"]));
  // Two, under the alias limit, are refused as well.
  const two = await post(
    JSON.stringify({
      query: `mutation { a: ${login(hub.demo.memberEmail, "x")} b: ${login(hub.demo.memberEmail, "y")} }`,
    }),
  );
  expect(two.codes).toEqual(["TOO_MANY_CREDENTIAL_CHECKS"]);
  // None of those 42 wrong passwords was tried: the account is not locked and signs in.
  await expect(hub.login(hub.demo.memberEmail)).resolves.toEqual(expect.any(String));
});

test("a 10 MB document is refused with 413 before it is parsed; a body over the body limit too", async () => {
  // The issue's document: 700,000 fields, 10 MB.
  const query = `{ ${Array.from({ length: 700_000 }, (_, i) => `field_${String(i).padStart(8, "0")}`).join(" ")} }`;
  expect(query.length).toBeGreaterThan(10_000_000);
  const answer = await post(JSON.stringify({ query }));
  expect(answer.status).toBe(413);
  expect(answer.codes).toEqual(["DOCUMENT_TOO_LARGE"]);
  expect(answer.json.errors![0]!.extensions).toEqual({
    code: "DOCUMENT_TOO_LARGE",
    limit: defaultDocumentLimits.maxDocumentBytes,
  });

  const body = JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(17 * 1024 * 1024) } });
  const tooLarge = await post(body);
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.codes).toEqual(["PAYLOAD_TOO_LARGE"]);
});

test("tokens, aliases, directives and cost over HTTP, each with its code", async () => {
  const token = await hub.login(hub.demo.adminEmail);
  const cases: [string, Record<string, unknown> | undefined, string][] = [
    [`{ ${"__typename ".repeat(defaultDocumentLimits.maxTokens + 1)} }`, undefined, "TOO_MANY_TOKENS"],
    [`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(" ")} }`, undefined, "TOO_MANY_ALIASES"],
    [`{ me { id ${"@skip(if: false) ".repeat(31)} } }`, undefined, "TOO_MANY_DIRECTIVES"],
    [`{ ${"me { id } ".repeat(990)} }`, undefined, "TOO_MANY_REPEATED_FIELDS"],
    [`query ($n: Int) { members(first: $n) { members { id orgUnit { name } } } }`, { n: 1_000_000 }, "COST_LIMIT"],
  ];
  for (const [query, variables, code] of cases) {
    const answer = await post(JSON.stringify({ query, variables }), token);
    expect({ code, status: answer.status, codes: answer.codes }).toEqual({ code, status: 400, codes: [code] });
  }
  // The same members query with a page the subgraph serves is answered.
  const page = await post(
    JSON.stringify({
      query: `query ($n: Int) { members(first: $n) { members { id orgUnit { name } } } }`,
      variables: { n: 50 },
    }),
    token,
  );
  expect(page.status).toBe(200);
  expect(page.json.errors).toBeUndefined();
});

test("GET requests and persisted documents meet the same limits", async () => {
  const deep = `{ orgTree { ${"children { ".repeat(12)}id${" }".repeat(12)} } }`;
  const response = await fetch(`${hub.gatewayUrl}?query=${encodeURIComponent(deep)}`, {
    headers: { "apollo-require-preflight": "1" },
  });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
    "QUERY_TOO_DEEP",
  );

  // A persisted query registered with a small page cannot be replayed with a huge one.
  const token = await hub.login(hub.demo.adminEmail);
  const query = `query Page($n: Int) { members(first: $n) { members { id orgUnit { name } } } }`;
  const extensions = { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") } };
  const registered = await post(JSON.stringify({ query, variables: { n: 10 }, extensions }), token);
  expect(registered.status).toBe(200);
  const replayed = await post(JSON.stringify({ variables: { n: 1_000_000 }, extensions }), token);
  expect(replayed.status).toBe(400);
  expect(replayed.codes).toEqual(["COST_LIMIT"]);
  const small = await post(JSON.stringify({ variables: { n: 5 }, extensions }), token);
  expect(small.status).toBe(200);
});
