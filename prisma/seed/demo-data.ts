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

export const demoBenefits = [
  {
    slug: "tencent-video-vip-1m",
    name: "腾讯视频 VIP 月卡 Tencent Video VIP, 1 month",
    category: "video",
    fulfilmentKind: "CARD_CODE" as const,
    faceValueFen: 3000,
    description: "一个月腾讯视频 VIP 会员，卡密兑换。One month of Tencent Video VIP, redeemed with a card code.",
  },
  {
    slug: "iqiyi-gold-3m",
    name: "爱奇艺黄金会员季卡 iQIYI Gold, 3 months",
    category: "video",
    fulfilmentKind: "DIRECT_TOPUP" as const,
    faceValueFen: 5800,
    description: "直充到爱奇艺账号。Topped up straight to your iQIYI account.",
  },
  {
    slug: "netease-music-1y",
    name: "网易云音乐黑胶 VIP 年卡 NetEase Cloud Music Vinyl VIP, 1 year",
    category: "music",
    fulfilmentKind: "CARD_CODE" as const,
    faceValueFen: 15800,
    description: "一年黑胶 VIP。A year of Vinyl VIP.",
  },
  {
    slug: "starbucks-tall-latte",
    name: "星巴克中杯拿铁券 Starbucks Tall Latte voucher",
    category: "dining",
    fulfilmentKind: "CARD_CODE" as const,
    faceValueFen: 3400,
    description: "全国门店可用。Valid in every store in mainland China.",
  },
  {
    slug: "luckin-coffee-20",
    name: "瑞幸咖啡 20 元券 Luckin Coffee ¥20 voucher",
    category: "dining",
    fulfilmentKind: "CARD_CODE" as const,
    faceValueFen: 2000,
    description: "App 内兑换。Redeem in the Luckin app.",
  },
  {
    slug: "mcdonalds-meal",
    name: "麦当劳超值套餐 McDonald's value meal",
    category: "dining",
    fulfilmentKind: "LINK" as const,
    faceValueFen: 3900,
    description: "打开链接出示二维码。Open the link and show the QR code.",
  },
  {
    slug: "sinopec-fuel-100",
    name: "中石化加油卡 100 元 Sinopec fuel card ¥100",
    category: "travel",
    fulfilmentKind: "CARD_CODE" as const,
    faceValueFen: 10000,
    description: "加油卡充值卡密。Top-up code for a Sinopec fuel card.",
  },
  {
    slug: "didi-ride-15",
    name: "滴滴出行 15 元打车券 DiDi ride ¥15 off",
    category: "travel",
    fulfilmentKind: "DIRECT_TOPUP" as const,
    faceValueFen: 1500,
    description: "直充到滴滴账号。Credited to your DiDi account.",
  },
  {
    slug: "china-mobile-topup-50",
    name: "中国移动话费 50 元 China Mobile top-up ¥50",
    category: "telecom",
    fulfilmentKind: "DIRECT_TOPUP" as const,
    faceValueFen: 5000,
    description: "话费直充到手机号。Credited straight to a phone number.",
  },
  {
    slug: "geektime-course",
    name: "极客时间专栏 Geektime course",
    category: "learning",
    fulfilmentKind: "LINK" as const,
    faceValueFen: 9900,
    description: "任选一门专栏课程。Any one column course.",
  },
  {
    slug: "coursera-plus-1m",
    name: "Coursera Plus 月度会员 Coursera Plus, 1 month",
    category: "learning",
    fulfilmentKind: "CARD_CODE" as const,
    faceValueFen: 42000,
    description: "Unlimited courses for a month. 一个月不限课程。",
  },
  {
    slug: "office-gym-slot",
    name: "公司健身房时段 Office gym slot",
    category: "wellbeing",
    fulfilmentKind: "INTERNAL_SERVICE" as const,
    faceValueFen: 0,
    description: "预约公司健身房一小时。Book one hour in the office gym.",
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
