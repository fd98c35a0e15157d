// Client mistakes over HTTP get a 4xx JSON GraphQL error, from the gateway and
// from a subgraph alike: never a 500, an HTML page or a stack trace.
import { IDENTITY_HEADER, anonymous, internalTokenCodec } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../test/support/hub";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

interface Answer {
  status: number;
  codes: string[];
  text: string;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  expect({ url, type: response.headers.get("content-type") }).toEqual({
    url,
    type: expect.stringMatching(/^application\/json/),
  });
  expect(text).not.toMatch(/<html|<!DOCTYPE|\n\s+at |stacktrace/i);
  const json = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, codes: (json.errors ?? []).map((e) => e.extensions?.code ?? ""), text };
}

const json = { "content-type": "application/json" };
const gateway = (init: RequestInit, path = "/graphql") => send(new URL(path, hub.gatewayUrl).toString(), init);

test.each([
  [
    "an unknown operationName",
    { query: "query A { __typename }", operationName: "B" },
    400,
    "OPERATION_RESOLUTION_FAILURE",
  ],
  [
    "an empty operationName",
    { query: "query A { __typename }", operationName: "" },
    400,
    "OPERATION_RESOLUTION_FAILURE",
  ],
  [
    "two operations and no operationName",
    { query: "query A { __typename } query B { __typename }" },
    400,
    "OPERATION_RESOLUTION_FAILURE",
  ],
  ["a subscription over HTTP", { query: "subscription { redemptionCounted { redeemedCount } }" }, 400, "BAD_REQUEST"],
  ["a syntax error", { query: "{ me { id " }, 400, "GRAPHQL_PARSE_FAILED"],
  ["an unknown field", { query: "{ nothingHere }" }, 400, "GRAPHQL_VALIDATION_FAILED"],
  ["no query", {}, 400, "BAD_REQUEST"],
  ["a query that is not a string", { query: 5 }, 400, "BAD_REQUEST"],
  ["variables that are not an object", { query: "{ __typename }", variables: "x" }, 400, "BAD_REQUEST"],
  [
    "a variable of the wrong type",
    { query: "query ($n: Int) { benefits(first: $n) { id } }", variables: { n: "many" } },
    400,
    "BAD_USER_INPUT",
  ],
])("%s", async (_what, body, status, code) => {
  const answer = await gateway({ method: "POST", headers: json, body: JSON.stringify(body) });
  expect({ status: answer.status, codes: answer.codes }).toEqual({ status, codes: [code] });
});

test.each<[string, RequestInit, number, string]>([
  ["a body that is not JSON", { method: "POST", headers: json, body: "{bad" }, 400, "BAD_REQUEST"],
  ["a JSON array (batching is off)", { method: "POST", headers: json, body: "[]" }, 400, "BAD_REQUEST"],
  [
    "a text/plain body",
    { method: "POST", headers: { "content-type": "text/plain" }, body: '{"query":"{ __typename }"}' },
    415,
    "UNSUPPORTED_MEDIA_TYPE",
  ],
  ["no content type", { method: "POST", body: '{"query":"{ __typename }"}' }, 415, "UNSUPPORTED_MEDIA_TYPE"],
  [
    "an unknown charset",
    { method: "POST", headers: { "content-type": "application/json; charset=latin2" }, body: "{}" },
    415,
    "UNSUPPORTED_MEDIA_TYPE",
  ],
  ["a PUT", { method: "PUT", headers: json, body: "{}" }, 405, "METHOD_NOT_ALLOWED"],
  [
    "a bad Authorization header",
    { method: "POST", headers: { ...json, authorization: "Bearer nope" }, body: '{"query":"{ __typename }"}' },
    401,
    "UNAUTHENTICATED",
  ],
])("%s", async (_what, init, status, code) => {
  const answer = await gateway(init);
  expect({ status: answer.status, codes: answer.codes }).toEqual({ status, codes: [code] });
});

test("a GET without a preflight header, an unknown path and an upload without credentials", async () => {
  const get = await gateway({ method: "GET" }, "/graphql?query=%7B__typename%7D");
  expect(get.status).toBe(400);
  expect(get.codes).toEqual(["BAD_REQUEST"]);
  const mutationOverGet = await gateway(
    { method: "GET", headers: { "apollo-require-preflight": "1" } },
    "/graphql?query=mutation%7Blogout(input%3A%7BrefreshToken%3A%22x%22%7D)%7BloggedOut%7D%7D",
  );
  expect(mutationOverGet.status).toBe(405);
  const missing = await gateway({ method: "GET" }, "/nothing/here");
  expect({ status: missing.status, codes: missing.codes }).toEqual({ status: 404, codes: ["NOT_FOUND"] });
  const upload = await gateway(
    { method: "POST", headers: { "content-type": "text/csv" }, body: "code\n1" },
    "/uploads/card-codes?skuId=x",
  );
  expect({ status: upload.status, codes: upload.codes }).toEqual({ status: 401, codes: ["UNAUTHENTICATED"] });
  expect(JSON.parse(upload.text).error).toMatch(/Sign in/);
  const badKey = await gateway(
    { method: "POST", headers: { "content-type": "text/csv", authorization: "Bearer nope" }, body: "code\n1" },
    "/uploads/card-codes?skuId=x",
  );
  expect({ status: badKey.status, codes: badKey.codes }).toEqual({ status: 401, codes: ["UNAUTHENTICATED"] });
});

test("a subgraph answers malformed bodies from the gateway with a JSON 4xx as well", async () => {
  const identity = await internalTokenCodec(hub.secrets.internalSecret).sign(anonymous);
  const signed = { [IDENTITY_HEADER]: identity };
  const url = hub.subgraphs.catalog.url;
  const cases: [RequestInit, number, string][] = [
    [{ method: "POST", headers: { ...signed, ...json }, body: "{bad" }, 400, "BAD_REQUEST"],
    [
      { method: "POST", headers: { ...signed, "content-type": "text/plain" }, body: "{}" },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      {
        method: "POST",
        headers: { ...signed, ...json },
        body: JSON.stringify({ query: "query A { __typename }", operationName: "B" }),
      },
      400,
      "",
    ],
    [{ method: "POST", headers: json, body: "{bad" }, 401, "UNAUTHENTICATED"],
  ];
  for (const [init, status, code] of cases) {
    const answer = await send(url, init);
    expect(answer.status).toBe(status);
    if (code) expect(answer.codes).toEqual([code]);
  }
  const missing = await send(url.replace(/\/graphql$/, "/nothing"), { headers: signed });
  expect(missing.status).toBe(404);
});
