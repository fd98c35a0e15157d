// The shelf as members browse it: their own tenant's offers only, for their
// tier; filters, keyword search in both languages, sorting and cursors.
import { startTestHub, type TestHub } from "../../../../test/support/hub";

let hub: TestHub;
let stellarMember: string;
let harbourMember: string;
let stellarGold: string;
let stellarAdmin: string;

const SHELF = `query Shelf($filter: ShelfFilter, $sort: ShelfSort, $first: Int, $after: String) {
  shelf(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { fromPriceFen benefit { slug name nameEn category { slug } brand { nameEn } }
      offers { id priceFen tiers sku { slug fulfilmentKind stock inStock costPriceFen } } } }
  }
}`;

type Shelf = {
  shelf: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      cursor: string;
      node: {
        fromPriceFen: number;
        benefit: {
          slug: string;
          name: string;
          nameEn: string;
          category: { slug: string };
          brand: { nameEn: string } | null;
        };
        offers: {
          id: string;
          priceFen: number;
          tiers: string[] | null;
          sku: {
            slug: string;
            fulfilmentKind: string;
            stock: number | null;
            inStock: boolean;
            costPriceFen: number | null;
          };
        }[];
      };
    }[];
  };
};

async function browse(token: string, variables: object = {}) {
  const result = await hub.request<Shelf>(SHELF, { first: 100, ...variables }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.shelf;
}
const skusOf = (shelf: Shelf["shelf"]) => shelf.edges.flatMap((e) => e.node.offers.map((o) => o.sku.slug)).sort();
const slugsOf = (shelf: Shelf["shelf"]) => shelf.edges.map((e) => e.node.benefit.slug);

beforeAll(async () => {
  hub = await startTestHub();
  const stellar = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } });
  await hub.seed.member({
    tenantId: stellar.id,
    email: "gold@stellar.example",
    tier: "gold",
    password: hub.demo.password,
  });
  [stellarMember, harbourMember, stellarGold, stellarAdmin] = await Promise.all([
    hub.login(hub.demo.memberEmail),
    hub.login("member@harbour.example"),
    hub.login("gold@stellar.example"),
    hub.login(hub.demo.adminEmail),
  ]);
}, 120_000);
afterAll(() => hub?.stop());

test("a member sees only their tenant's shelf, at their tenant's prices", async () => {
  const stellar = await browse(stellarMember);
  const harbour = await browse(harbourMember);
  // sinopec-fuel-500 and china-mobile-topup-100 are on harbour's shelf only.
  expect(skusOf(stellar)).not.toContain("china-mobile-topup-100");
  expect(skusOf(harbour)).toContain("china-mobile-topup-100");
  expect(skusOf(harbour)).not.toContain("office-gym-slot-1h");
  const latte = (s: Shelf["shelf"]) =>
    s.edges.flatMap((e) => e.node.offers).find((o) => o.sku.slug === "starbucks-tall-latte")!.priceFen;
  expect(latte(stellar)).toBe(3000);
  expect(latte(harbour)).toBe(3400);
  // Every offer a member sees is on their own tenant's shelf.
  const harbourTenant = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "harbour" } });
  const offerIds = harbour.edges.flatMap((e) => e.node.offers.map((o) => o.id));
  const rows = await hub.db.shelfItem.findMany({ where: { id: { in: offerIds } } });
  expect(rows).toHaveLength(offerIds.length);
  expect(new Set(rows.map((r) => r.tenantId))).toEqual(new Set([harbourTenant.id]));
});

test("offers for other tiers stay hidden; targeting and cost prices are not shown to members", async () => {
  const standard = await browse(stellarMember);
  const gold = await browse(stellarGold);
  expect(skusOf(standard)).not.toContain("coursera-plus-1m");
  expect(skusOf(gold)).toContain("coursera-plus-1m");
  expect(skusOf(gold)).toContain("tencent-video-vip-12m");
  const offers = gold.edges.flatMap((e) => e.node.offers);
  expect(offers.every((o) => o.tiers === null && o.sku.costPriceFen === null)).toBe(true);
  const admin = await browse(stellarAdmin);
  expect(skusOf(admin)).toContain("coursera-plus-1m");
  expect(admin.edges.flatMap((e) => e.node.offers).find((o) => o.sku.slug === "coursera-plus-1m")!.tiers).toEqual([
    "gold",
  ]);
});

test("filters: category subtree, brand, price range, fulfilment kind", async () => {
  const dining = await browse(stellarGold, { filter: { categoryId: await categoryId("dining") } });
  expect(new Set(dining.edges.map((e) => e.node.benefit.category.slug))).toEqual(new Set(["coffee", "meals"]));
  expect(dining.totalCount).toBe(3);

  const brand = await hub.db.brand.findUniqueOrThrow({ where: { slug: "luckin" } });
  const luckin = await browse(stellarGold, { filter: { brandIds: [brand.id] } });
  expect(slugsOf(luckin)).toEqual(["luckin-voucher"]);

  const cheap = await browse(stellarGold, { filter: { minPriceFen: 1000, maxPriceFen: 3000 } });
  for (const edge of cheap.edges) {
    for (const offer of edge.node.offers) expect(offer.priceFen).toBeGreaterThanOrEqual(1000);
    for (const offer of edge.node.offers) expect(offer.priceFen).toBeLessThanOrEqual(3000);
  }
  expect(slugsOf(cheap)).toContain("starbucks-latte");
  expect(slugsOf(cheap)).not.toContain("sinopec-fuel");

  const topups = await browse(stellarGold, { filter: { fulfilmentKinds: ["DIRECT_TOPUP"] } });
  expect(topups.edges.flatMap((e) => e.node.offers.map((o) => o.sku.fulfilmentKind))).toEqual(
    expect.arrayContaining(["DIRECT_TOPUP"]),
  );
  expect(new Set(topups.edges.flatMap((e) => e.node.offers.map((o) => o.sku.fulfilmentKind)))).toEqual(
    new Set(["DIRECT_TOPUP"]),
  );
});

test("keyword search in Chinese and English, case-insensitive, every word must match", async () => {
  expect(slugsOf(await browse(stellarGold, { filter: { keyword: "拿铁" } }))).toEqual(["starbucks-latte"]);
  expect(slugsOf(await browse(stellarGold, { filter: { keyword: "LATTE" } }))).toEqual(["starbucks-latte"]);
  // Brand names are searchable too.
  expect(slugsOf(await browse(stellarGold, { filter: { keyword: "sinopec" } }))).toEqual(["sinopec-fuel"]);
  expect(slugsOf(await browse(stellarGold, { filter: { keyword: "vip 音乐" } }))).toEqual(["netease-music-vinyl"]);
  expect((await browse(stellarGold, { filter: { keyword: "100%_" } })).totalCount).toBe(0);
});

test("what members type finds benefits by brand, alias, category and SKU names, best matches first", async () => {
  const search = async (keyword: string) => slugsOf(await browse(stellarGold, { filter: { keyword } }));
  // 咖啡 is in Luckin's own name (ranked first) and in the category of Starbucks' vouchers.
  expect(await search("咖啡")).toEqual(["luckin-voucher", "starbucks-latte"]);
  expect(await search("coffee")).toEqual(["luckin-voucher", "starbucks-latte"]);
  for (const keyword of ["星巴克", "STARBUCKS", "星爸爸", "sbux", "星巴克 拿铁", "星巴克coffee"]) {
    expect(await search(keyword)).toEqual(["starbucks-latte"]);
  }
  expect(await search("话费")).toEqual(["china-mobile-topup"]);
  expect(await search("话费 50")).toEqual(["china-mobile-topup"]);
  expect(await search("金拱门")).toEqual(["mcdonalds-meal"]);
  expect(await search("视频会员")).toEqual(expect.arrayContaining(["tencent-video-vip", "iqiyi-gold"]));
  expect(await search("星巴克 麦当劳")).toEqual([]);
  // Ranked pages walk with cursors like any other order.
  const first = await browse(stellarGold, { filter: { keyword: "咖啡" }, first: 1 });
  expect(first.pageInfo.hasNextPage).toBe(true);
  const next = await browse(stellarGold, { filter: { keyword: "咖啡" }, first: 1, after: first.pageInfo.endCursor });
  expect(slugsOf(next)).toEqual(["starbucks-latte"]);
});

test("an operator's new brand alias and category name are searchable at once", async () => {
  const operator = await hub.login("operator@benefitshub.example");
  const brand = await hub.db.brand.findUniqueOrThrow({ where: { slug: "didi" } });
  const renamed = await hub.request(
    `mutation($input: UpdateBrandInput!) { updateBrand(input: $input) { brand { aliases } errors { code field } } }`,
    { input: { id: brand.id, aliases: ["嘀嘀", " 嘀嘀 ", "ride hailing"] } },
    operator,
  );
  expect(renamed.data.updateBrand).toEqual({ brand: { aliases: ["嘀嘀", "ride hailing"] }, errors: [] });
  expect(slugsOf(await browse(stellarGold, { filter: { keyword: "嘀嘀" } }))).toEqual(["didi-ride"]);

  const tooMany = await hub.request(
    `mutation($input: UpdateBrandInput!) { updateBrand(input: $input) { brand { id } errors { code field } } }`,
    { input: { id: brand.id, aliases: Array.from({ length: 21 }, (_, i) => `alias ${i}`) } },
    operator,
  );
  expect(tooMany.data.updateBrand).toEqual({ brand: null, errors: [{ code: "INVALID_INPUT", field: "aliases" }] });
  expect((await hub.db.brand.findUniqueOrThrow({ where: { id: brand.id } })).aliases).toEqual(["嘀嘀", "ride hailing"]);

  const fuel = await hub.db.category.findUniqueOrThrow({ where: { slug: "travel" } });
  await hub.request(
    `mutation($input: UpdateCategoryInput!) { updateCategory(input: $input) { errors { code } } }`,
    { input: { id: fuel.id, name: "交通出行" } },
    operator,
  );
  // Renaming a category reaches the benefits of the categories below it.
  expect(await browse(stellarGold, { filter: { keyword: "交通" } }).then(slugsOf)).toEqual(
    expect.arrayContaining(["sinopec-fuel", "didi-ride"]),
  );
});

test("sorting by price and walking every page with cursors", async () => {
  const asc = await browse(stellarGold, { sort: "PRICE_ASC" });
  const prices = asc.edges.map((e) => e.node.fromPriceFen);
  expect(prices).toEqual([...prices].sort((a, b) => a - b));
  const desc = await browse(stellarGold, { sort: "PRICE_DESC" });
  expect(desc.edges.map((e) => e.node.fromPriceFen)).toEqual([...prices].sort((a, b) => b - a));

  for (const sort of ["RECOMMENDED", "PRICE_ASC", "PRICE_DESC", "NAME", "NEWEST"]) {
    const all = await browse(stellarGold, { sort });
    const walked: string[] = [];
    let after: string | null = null;
    do {
      const page: Shelf["shelf"] = await browse(stellarGold, { sort, first: 3, after });
      expect(page.totalCount).toBe(all.totalCount);
      walked.push(...slugsOf(page));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(walked).toEqual(slugsOf(all));
  }
});

test("a bad cursor or price is a clear error; visitors get no shelf", async () => {
  const bad = await hub.request(SHELF, { after: "not-a-cursor" }, stellarMember);
  expect(bad.errors?.[0]?.message).toMatch(/cursor/);
  const price = await hub.request(SHELF, { filter: { minPriceFen: -1 } }, stellarMember);
  expect(price.errors?.[0]?.message).toMatch(/minPriceFen/);
  const anonymous = await hub.request(SHELF, {});
  expect(anonymous.data?.shelf ?? null).toBeNull();
  expect(anonymous.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
});

async function categoryId(slug: string) {
  return (await hub.db.category.findUniqueOrThrow({ where: { slug } })).id;
}
