// The demo dataset: what a person sees after `npm start` on a fresh clone.

export const DEMO_PASSWORD = "benefits-demo";

export interface DemoUnit {
  key: string;
  name: string;
  parent?: string;
}

export const demoTenants = [
  {
    slug: "stellar",
    name: "星辰科技 Stellar Technology",
    units: [
      { key: "hq", name: "星辰科技总部 Headquarters" },
      { key: "bj", name: "北京分公司 Beijing Branch", parent: "hq" },
      { key: "bj-rd", name: "研发部 R&D", parent: "bj" },
      { key: "bj-mkt", name: "市场部 Marketing", parent: "bj" },
      { key: "sh", name: "上海分公司 Shanghai Branch", parent: "hq" },
      { key: "sh-sales", name: "销售部 Sales", parent: "sh" },
    ] satisfies DemoUnit[],
    members: [
      { email: "admin@stellar.example", displayName: "林晓 Lin Xiao", role: "TENANT_ADMIN" as const, unit: "hq" },
      { email: "member@stellar.example", displayName: "王芳 Wang Fang", role: "MEMBER" as const, unit: "bj-rd" },
      { email: "chen.wei@stellar.example", displayName: "陈伟 Chen Wei", role: "MEMBER" as const, unit: "bj-mkt" },
      {
        email: "emily.zhao@stellar.example",
        displayName: "Emily Zhao 赵敏",
        role: "MEMBER" as const,
        unit: "sh-sales",
      },
      { email: "manager@stellar.example", displayName: "周磊 Zhou Lei", role: "UNIT_MANAGER" as const, unit: "bj" },
    ],
  },
  {
    slug: "harbour",
    name: "港湾银行 Harbour Bank",
    units: [
      { key: "hq", name: "港湾银行总行 Head Office" },
      { key: "sz", name: "深圳分行 Shenzhen Branch", parent: "hq" },
      { key: "sz-retail", name: "零售银行部 Retail Banking", parent: "sz" },
      { key: "hk", name: "香港分行 Hong Kong Branch", parent: "hq" },
    ] satisfies DemoUnit[],
    members: [
      { email: "admin@harbour.example", displayName: "James Li 李健", role: "TENANT_ADMIN" as const, unit: "hq" },
      { email: "member@harbour.example", displayName: "刘洋 Liu Yang", role: "MEMBER" as const, unit: "sz-retail" },
      { email: "sarah.wu@harbour.example", displayName: "Sarah Wu 吴静", role: "MEMBER" as const, unit: "hk" },
      { email: "manager@harbour.example", displayName: "黄海 Huang Hai", role: "UNIT_MANAGER" as const, unit: "sz" },
    ],
  },
];

/** The platform's own tenant, home of its operators. */
export const platformTenant = {
  slug: "platform",
  name: "Benefits Hub 平台运营 Platform Operations",
  operator: { email: "operator@benefitshub.example", displayName: "平台运营 Platform Operator" },
};

/** A demo partner key for the stellar tenant (a coffee kiosk that redeems vouchers); published, so demo only. */
export const DEMO_API_KEY = {
  name: "咖啡亭 Coffee kiosk (demo)",
  prefix: "00000000000de300",
  secret: "demoPartnerKeyForTheBenefitsHubMallOnly_000",
  permissions: ["catalog:read", "entitlements:read", "entitlements:redeem"],
};
export const demoApiKey = () => `bh_${DEMO_API_KEY.prefix}_${DEMO_API_KEY.secret}`;

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超"];
const PINYIN_SURNAMES = [
  "Wang",
  "Li",
  "Zhang",
  "Liu",
  "Chen",
  "Yang",
  "Huang",
  "Zhao",
  "Wu",
  "Zhou",
  "Xu",
  "Sun",
  "Ma",
  "Zhu",
  "Hu",
  "Guo",
];
const PINYIN_GIVEN = [
  "Wei",
  "Fang",
  "Na",
  "Min",
  "Jing",
  "Qiang",
  "Lei",
  "Yang",
  "Yan",
  "Yong",
  "Jun",
  "Jie",
  "Juan",
  "Tao",
  "Ming",
  "Chao",
];
const TIERS = ["standard", "standard", "standard", "silver", "gold"];
const TAGS = ["new-hire", "engineering", "sales", "remote", "parent", "commuter", "fitness", "coffee"];

/** `count` generated employees: names in Chinese and pinyin, tiers, tags, joining dates. No logins. */
export function generatedMembers(tenantSlug: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const s = i % SURNAMES.length;
    const g = Math.floor(i / SURNAMES.length) % GIVEN.length;
    const joined = new Date(Date.UTC(2018 + (i % 8), i % 12, 1 + (i % 28)));
    return {
      email: `${PINYIN_GIVEN[g]!.toLowerCase()}.${PINYIN_SURNAMES[s]!.toLowerCase()}${i}@${tenantSlug}.example`,
      displayName: `${SURNAMES[s]}${GIVEN[g]} ${PINYIN_GIVEN[g]} ${PINYIN_SURNAMES[s]}`,
      tier: TIERS[i % TIERS.length]!,
      tags: [TAGS[i % TAGS.length]!, TAGS[(i * 3 + 1) % TAGS.length]!].filter((t, k, all) => all.indexOf(t) === k),
      joinedAt: joined,
    };
  });
}
