// The demo master catalog: a category tree, brands, benefits with their SKUs
// (Chinese and English names, prices in fen), and what each demo tenant puts
// on its shelf at its own prices. Supplier products and card codes are seeded
// by demo.ts once these exist.
import type { FulfilmentKind } from "@benefits-hub/platform/db/client";

export interface DemoCategory {
  slug: string;
  name: string;
  nameEn: string;
  parent?: string;
}

export const demoCategories: DemoCategory[] = [
  { slug: "entertainment", name: "影音娱乐", nameEn: "Video & music" },
  { slug: "video", name: "视频会员", nameEn: "Video memberships", parent: "entertainment" },
  { slug: "music", name: "音乐会员", nameEn: "Music memberships", parent: "entertainment" },
  { slug: "dining", name: "餐饮美食", nameEn: "Dining" },
  { slug: "coffee", name: "咖啡茶饮", nameEn: "Coffee & tea", parent: "dining" },
  { slug: "meals", name: "快餐简餐", nameEn: "Meals", parent: "dining" },
  { slug: "travel", name: "出行", nameEn: "Travel" },
  { slug: "fuel", name: "加油卡", nameEn: "Fuel cards", parent: "travel" },
  { slug: "rides", name: "打车", nameEn: "Rides", parent: "travel" },
  { slug: "telecom", name: "通信充值", nameEn: "Phone top-ups" },
  { slug: "learning", name: "学习成长", nameEn: "Learning" },
  { slug: "wellbeing", name: "健康生活", nameEn: "Wellbeing" },
];

export const demoBrands = [
  { slug: "tencent-video", name: "腾讯视频", nameEn: "Tencent Video", aliases: ["腾讯", "企鹅视频", "qq video"] },
  { slug: "iqiyi", name: "爱奇艺", nameEn: "iQIYI", aliases: ["爱奇艺视频", "iqy"] },
  {
    slug: "netease-music",
    name: "网易云音乐",
    nameEn: "NetEase Cloud Music",
    aliases: ["网易云", "云音乐", "netease"],
  },
  { slug: "starbucks", name: "星巴克", nameEn: "Starbucks", aliases: ["星爸爸", "sbux"] },
  { slug: "luckin", name: "瑞幸咖啡", nameEn: "Luckin Coffee", aliases: ["瑞幸", "luckin"] },
  { slug: "mcdonalds", name: "麦当劳", nameEn: "McDonald's", aliases: ["金拱门", "麦记", "mcd"] },
  { slug: "sinopec", name: "中国石化", nameEn: "Sinopec", aliases: ["中石化", "石化"] },
  { slug: "didi", name: "滴滴出行", nameEn: "DiDi", aliases: ["滴滴", "didi chuxing"] },
  { slug: "china-mobile", name: "中国移动", nameEn: "China Mobile", aliases: ["移动", "cmcc"] },
  { slug: "geektime", name: "极客时间", nameEn: "Geektime", aliases: ["geek time"] },
  { slug: "coursera", name: "Coursera", nameEn: "Coursera", aliases: ["coursera.org"] },
];

export interface DemoSku {
  slug: string;
  name: string;
  nameEn: string;
  faceValueFen: number;
  costPriceFen: number;
  salePriceFen: number;
  validDays?: number;
}

export interface DemoBenefit {
  slug: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  category: string;
  brand?: string;
  fulfilmentKind: FulfilmentKind;
  skus: DemoSku[];
}

const sku = (slug: string, name: string, nameEn: string, face: number, cost: number, sale = face, validDays = 365) => ({
  slug,
  name,
  nameEn,
  faceValueFen: face,
  costPriceFen: cost,
  salePriceFen: sale,
  validDays,
});

export const demoBenefits: DemoBenefit[] = [
  {
    slug: "tencent-video-vip",
    name: "腾讯视频 VIP 会员",
    nameEn: "Tencent Video VIP",
    description: "腾讯视频 VIP 会员，卡密兑换，热门剧集抢先看。",
    descriptionEn: "Tencent Video VIP membership, redeemed with a card code: new episodes first.",
    category: "video",
    brand: "tencent-video",
    fulfilmentKind: "CARD_CODE",
    skus: [
      sku("tencent-video-vip-1m", "腾讯视频 VIP 月卡", "Tencent Video VIP, 1 month", 3000, 2400),
      sku("tencent-video-vip-3m", "腾讯视频 VIP 季卡", "Tencent Video VIP, 3 months", 6800, 5600),
      sku("tencent-video-vip-12m", "腾讯视频 VIP 年卡", "Tencent Video VIP, 12 months", 25300, 21000),
    ],
  },
  {
    slug: "iqiyi-gold",
    name: "爱奇艺黄金会员",
    nameEn: "iQIYI Gold membership",
    description: "直充到爱奇艺账号，支持手机号。",
    descriptionEn: "Topped up straight to your iQIYI account (phone number).",
    category: "video",
    brand: "iqiyi",
    fulfilmentKind: "DIRECT_TOPUP",
    skus: [sku("iqiyi-gold-3m", "爱奇艺黄金会员季卡", "iQIYI Gold, 3 months", 5800, 4900)],
  },
  {
    slug: "netease-music-vinyl",
    name: "网易云音乐黑胶 VIP",
    nameEn: "NetEase Cloud Music Vinyl VIP",
    description: "黑胶 VIP，无损音质，卡密兑换。",
    descriptionEn: "Vinyl VIP with lossless audio, redeemed with a card code.",
    category: "music",
    brand: "netease-music",
    fulfilmentKind: "CARD_CODE",
    skus: [
      sku("netease-music-vinyl-1m", "黑胶 VIP 月卡", "Vinyl VIP, 1 month", 1800, 1400),
      sku("netease-music-vinyl-12m", "黑胶 VIP 年卡", "Vinyl VIP, 1 year", 15800, 12600),
    ],
  },
  {
    slug: "starbucks-latte",
    name: "星巴克拿铁券",
    nameEn: "Starbucks latte voucher",
    description: "全国门店可用的拿铁兑换券。",
    descriptionEn: "A latte in any Starbucks store in mainland China.",
    category: "coffee",
    brand: "starbucks",
    fulfilmentKind: "CARD_CODE",
    skus: [
      sku("starbucks-tall-latte", "中杯拿铁", "Tall latte", 3400, 2900, 3400, 90),
      sku("starbucks-grande-latte", "大杯拿铁", "Grande latte", 3700, 3150, 3700, 90),
    ],
  },
  {
    slug: "luckin-voucher",
    name: "瑞幸咖啡代金券",
    nameEn: "Luckin Coffee voucher",
    description: "在瑞幸 App 内兑换，任意饮品可用。",
    descriptionEn: "Redeem in the Luckin app, on any drink.",
    category: "coffee",
    brand: "luckin",
    fulfilmentKind: "CARD_CODE",
    skus: [
      sku("luckin-coffee-10", "瑞幸 10 元券", "Luckin ¥10", 1000, 800, 1000, 60),
      sku("luckin-coffee-20", "瑞幸 20 元券", "Luckin ¥20", 2000, 1600, 2000, 60),
    ],
  },
  {
    slug: "mcdonalds-meal",
    name: "麦当劳超值套餐",
    nameEn: "McDonald's value meal",
    description: "打开链接出示二维码即可取餐。",
    descriptionEn: "Open the link and show the QR code at the counter.",
    category: "meals",
    brand: "mcdonalds",
    fulfilmentKind: "LINK",
    skus: [sku("mcdonalds-value-meal", "超值套餐", "Value meal", 3900, 3300, 3900, 30)],
  },
  {
    slug: "sinopec-fuel",
    name: "中石化加油卡充值",
    nameEn: "Sinopec fuel card top-up",
    description: "加油卡充值卡密，全国中石化加油站可用。",
    descriptionEn: "Top-up code for a Sinopec fuel card, at any Sinopec station.",
    category: "fuel",
    brand: "sinopec",
    fulfilmentKind: "CARD_CODE",
    skus: [
      sku("sinopec-fuel-100", "加油卡 100 元", "Fuel card ¥100", 10000, 9700),
      sku("sinopec-fuel-500", "加油卡 500 元", "Fuel card ¥500", 50000, 48500),
    ],
  },
  {
    slug: "didi-ride",
    name: "滴滴出行打车券",
    nameEn: "DiDi ride voucher",
    description: "直充到滴滴账号，快车专车可用。",
    descriptionEn: "Credited to your DiDi account, for Express and Premier rides.",
    category: "rides",
    brand: "didi",
    fulfilmentKind: "DIRECT_TOPUP",
    skus: [sku("didi-ride-15", "打车券 15 元", "¥15 off a ride", 1500, 1300, 1500, 30)],
  },
  {
    slug: "china-mobile-topup",
    name: "中国移动话费充值",
    nameEn: "China Mobile phone top-up",
    description: "话费直充到手机号，通常几分钟内到账。",
    descriptionEn: "Credited straight to a phone number, usually within minutes.",
    category: "telecom",
    brand: "china-mobile",
    fulfilmentKind: "DIRECT_TOPUP",
    skus: [
      sku("china-mobile-topup-30", "话费 30 元", "¥30 credit", 3000, 2960),
      sku("china-mobile-topup-50", "话费 50 元", "¥50 credit", 5000, 4940),
      sku("china-mobile-topup-100", "话费 100 元", "¥100 credit", 10000, 9880),
    ],
  },
  {
    slug: "geektime-course",
    name: "极客时间专栏",
    nameEn: "Geektime course",
    description: "任选一门专栏课程，技术与管理。",
    descriptionEn: "Any one column course, in engineering or management.",
    category: "learning",
    brand: "geektime",
    fulfilmentKind: "LINK",
    skus: [sku("geektime-column", "专栏课程", "One column course", 9900, 6900)],
  },
  {
    slug: "coursera-plus",
    name: "Coursera Plus 会员",
    nameEn: "Coursera Plus",
    description: "一个月不限课程，含证书。",
    descriptionEn: "Unlimited courses for a month, certificates included.",
    category: "learning",
    brand: "coursera",
    fulfilmentKind: "CARD_CODE",
    skus: [sku("coursera-plus-1m", "Coursera Plus 月度会员", "Coursera Plus, 1 month", 42000, 36000)],
  },
  {
    slug: "office-gym-slot",
    name: "公司健身房时段",
    nameEn: "Office gym slot",
    description: "预约公司健身房一小时。",
    descriptionEn: "Book one hour in the office gym.",
    category: "wellbeing",
    fulfilmentKind: "INTERNAL_SERVICE",
    skus: [sku("office-gym-slot-1h", "健身房 1 小时", "One hour", 0, 0, 0, 30)],
  },
];

/** What each tenant offers: SKU slugs, at a price (fen, default: the sale price), for some tiers. */
export interface DemoOffer {
  sku: string;
  priceFen?: number;
  tiers?: string[];
}

export const demoShelves: Record<string, DemoOffer[]> = {
  stellar: [
    { sku: "tencent-video-vip-1m", priceFen: 2500 },
    { sku: "tencent-video-vip-3m", priceFen: 6000 },
    { sku: "tencent-video-vip-12m", priceFen: 22800, tiers: ["gold", "silver"] },
    { sku: "iqiyi-gold-3m" },
    { sku: "netease-music-vinyl-1m" },
    { sku: "netease-music-vinyl-12m", tiers: ["gold"] },
    { sku: "starbucks-tall-latte", priceFen: 3000 },
    { sku: "starbucks-grande-latte" },
    { sku: "luckin-coffee-10", priceFen: 900 },
    { sku: "luckin-coffee-20", priceFen: 1800 },
    { sku: "mcdonalds-value-meal" },
    { sku: "sinopec-fuel-100" },
    { sku: "didi-ride-15" },
    { sku: "china-mobile-topup-30" },
    { sku: "china-mobile-topup-50" },
    { sku: "geektime-column", priceFen: 8900 },
    { sku: "coursera-plus-1m", tiers: ["gold"] },
    { sku: "office-gym-slot-1h" },
  ],
  harbour: [
    { sku: "tencent-video-vip-1m" },
    { sku: "iqiyi-gold-3m", priceFen: 5500 },
    { sku: "starbucks-tall-latte" },
    { sku: "luckin-coffee-20" },
    { sku: "sinopec-fuel-100", priceFen: 9800 },
    { sku: "sinopec-fuel-500", priceFen: 49000, tiers: ["gold"] },
    { sku: "china-mobile-topup-50" },
    { sku: "china-mobile-topup-100" },
    { sku: "coursera-plus-1m" },
  ],
};
