// The mall's URL: what it asks the shelf for, what it reports and leaves out, the links it builds;
// where sign-in may return to; the category tree's reading order.
import { loginHref, safeReturnPath } from "../lib/auth/return-path";
import type { Brand, Category } from "../lib/graphql/types";
import { flattenCategoryTree } from "../lib/mall/category-tree";
import { hasFilters, mallHref, readMallQuery, toShelfRequest } from "../lib/mall/search-params";
import { parseYuan, yuanText } from "../lib/yuan";

const category = (id: string, slug: string, parentId: string | null = null): Category => ({
  id,
  slug,
  name: slug,
  nameEn: slug,
  parentId,
});
const categories = [category("c1", "dining"), category("c2", "travel"), category("c3", "coffee", "c1")];
const brands: Brand[] = [{ id: "b1", slug: "starbucks", name: "星巴克", nameEn: "Starbucks" }];
const facets = { categories, brands };

describe("parseYuan", () => {
  test.each([
    ["25", 2500],
    ["25.5", 2550],
    ["25.50", 2550],
    ["0.01", 1],
    ["¥30", 3000],
    ["0", 0],
  ])("%s yuan is %d fen", (text, fen) => expect(parseYuan(text)).toBe(fen));

  test.each(["", "abc", "-5", "1.234", "1e3", "25,00", "1000001", "1000000.01", "12 34"])("%p is not a price", (text) =>
    expect(parseYuan(text)).toBeNull(),
  );
});

test.each([2500, 2550, 2555, 1, 0, 100_000_000])("%d fen reads back from its input text", (fen) =>
  expect(parseYuan(yuanText(fen))).toBe(fen),
);

describe("toShelfRequest", () => {
  test("every filter of the URL becomes the shelf's, slugs as ids and yuan as fen", () => {
    const query = readMallQuery({
      q: "  咖啡   latte ",
      category: "dining",
      brand: "starbucks",
      min: "10",
      max: "30.5",
      kind: ["CARD_CODE", "LINK"],
      sort: "PRICE_ASC",
      size: "4",
      after: "abc",
    });
    expect(toShelfRequest(query, facets)).toEqual({
      request: {
        filter: {
          keyword: "咖啡 latte",
          categoryId: "c1",
          brandIds: ["b1"],
          minPriceFen: 1000,
          maxPriceFen: 3050,
          fulfilmentKinds: ["CARD_CODE", "LINK"],
        },
        sort: "PRICE_ASC",
        first: 4,
        after: "abc",
      },
      problems: [],
    });
    expect(hasFilters(query)).toBe(true);
  });

  test("an empty URL asks for the first page in the tenant's order", () => {
    const query = readMallQuery({});
    expect(toShelfRequest(query, facets)).toEqual({
      request: { filter: {}, sort: "RECOMMENDED", first: 12 },
      problems: [],
    });
    expect(hasFilters(query)).toBe(false);
    expect(hasFilters(readMallQuery({ sort: "NAME", size: "4", after: "x" }))).toBe(false);
  });

  test("what makes no sense is reported and left out; the rest applies", () => {
    const { request, problems } = toShelfRequest(
      readMallQuery({
        q: "x".repeat(101),
        category: "nowhere",
        brand: "acme",
        min: "abc",
        max: "20",
        kind: ["CARD_CODE", "TELEPORT"],
        sort: "RANDOM",
        size: "1000",
      }),
      facets,
    );
    expect(request).toEqual({
      filter: { maxPriceFen: 2000, fulfilmentKinds: ["CARD_CODE"] },
      sort: "RECOMMENDED",
      first: 12,
    });
    expect(problems.map((p) => p.field).sort()).toEqual(["brand", "category", "kinds", "min", "q", "size", "sort"]);
    expect(problems.find((p) => p.field === "kinds")?.message).toContain("TELEPORT");
  });

  test("a lowest price above the highest drops both", () => {
    const { request, problems } = toShelfRequest(readMallQuery({ min: "50", max: "20" }), facets);
    expect(request.filter).toEqual({});
    expect(problems).toEqual([{ field: "min", message: "The lowest price is above the highest price." }]);
  });

  test("a repeated single-valued parameter counts once", () => {
    const { request } = toShelfRequest(readMallQuery({ q: ["tea", "coffee"], brand: ["starbucks", "x"] }), facets);
    expect(request.filter).toEqual({ keyword: "tea", brandIds: ["b1"] });
  });
});

describe("mallHref", () => {
  test("leaves out empty values and defaults, repeats kinds, keeps the cursor", () => {
    expect(mallHref({})).toBe("/");
    expect(mallHref(readMallQuery({ sort: "RECOMMENDED", size: "12" }))).toBe("/");
    expect(
      mallHref({ ...readMallQuery({ q: "咖啡", kind: ["CARD_CODE", "LINK"], sort: "NAME", size: "4" }), after: "c1" }),
    ).toBe(`/?q=${encodeURIComponent("咖啡")}&kind=CARD_CODE&kind=LINK&sort=NAME&size=4&after=c1`);
  });

  test("reads back as the same query", () => {
    const query = readMallQuery({ q: "latte", category: "coffee", min: "1", max: "2", kind: "LINK", after: "z" });
    const params = new URLSearchParams(mallHref(query).slice(2));
    const back = readMallQuery({ ...Object.fromEntries(params), kind: params.getAll("kind") });
    expect(back).toEqual(query);
  });
});

describe("safeReturnPath", () => {
  test.each([
    ["/admin", "/admin"],
    ["/?q=tea", "/?q=tea"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    ["admin", "/"],
    ["/a\nb", "/"],
    [undefined, "/"],
    [["/admin"], "/"],
  ])("%p → %p", (value, expected) => expect(safeReturnPath(value)).toBe(expected));

  test("the sign-in link names where to come back to, unless it is the mall", () => {
    expect(loginHref("/")).toBe("/login");
    expect(loginHref("/admin")).toBe("/login?next=%2Fadmin");
    expect(loginHref("/admin", "expired")).toBe("/login?reason=expired&next=%2Fadmin");
  });
});

describe("flattenCategoryTree", () => {
  test("each category is followed by its children, one level deeper; orphans go to the top", () => {
    const tree = flattenCategoryTree([...categories, category("c4", "espresso", "c3"), category("c5", "lost", "gone")]);
    expect(tree.map(({ category, depth }) => `${depth}:${category.slug}`)).toEqual([
      "0:dining",
      "1:coffee",
      "2:espresso",
      "0:travel",
      "0:lost",
    ]);
  });
});
