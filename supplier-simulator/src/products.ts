// What the simulated supplier sells: realistic demo products with Chinese and
// English names. Money in fen (1/100 CNY). The demo catalog's direct top-up
// SKUs are stocked by this supplier under their SKU slugs (china-mobile-topup-30
// …), so those product ids must match prisma/seed/demo-catalog.ts; the others
// are there to be listed onto the shelf in one step.

export type SimFulfilmentKind = "CARD_CODE" | "DIRECT_TOPUP";

export interface SimProduct {
  productId: string;
  name: string;
  nameEn: string;
  fulfilmentKind: SimFulfilmentKind;
  faceValueFen: number;
  costPriceFen: number;
  stock: number;
}

const product = (
  productId: string,
  name: string,
  nameEn: string,
  fulfilmentKind: SimFulfilmentKind,
  faceValueFen: number,
  costPriceFen: number,
  stock: number,
): SimProduct => ({ productId, name, nameEn, fulfilmentKind, faceValueFen, costPriceFen, stock });

const TOPUP = "DIRECT_TOPUP";
const CODE = "CARD_CODE";

/** The demo catalogue of the simulated supplier. */
export const demoProducts: readonly SimProduct[] = Object.freeze([
  // On the demo shelves (keyed by the demo SKU slug).
  product("china-mobile-topup-30", "中国移动话费 30 元", "China Mobile top-up ¥30", TOPUP, 3000, 2960, 500),
  product("china-mobile-topup-50", "中国移动话费 50 元", "China Mobile top-up ¥50", TOPUP, 5000, 4940, 500),
  product("china-mobile-topup-100", "中国移动话费 100 元", "China Mobile top-up ¥100", TOPUP, 10000, 9880, 300),
  product("iqiyi-gold-3m", "爱奇艺黄金会员季卡", "iQIYI Gold, 3 months", TOPUP, 5800, 4900, 200),
  product("didi-ride-15", "滴滴打车券 15 元", "DiDi ride voucher ¥15", TOPUP, 1500, 1300, 300),
  // Not listed yet: for one-step listing.
  product("china-unicom-topup-50", "中国联通话费 50 元", "China Unicom top-up ¥50", TOPUP, 5000, 4930, 400),
  product("tencent-video-vip-1m-topup", "腾讯视频 VIP 月卡直充", "Tencent Video VIP, 1 month", TOPUP, 3000, 2100, 200),
  product("sinopec-fuel-topup-100", "中石化加油卡充值 100 元", "Sinopec fuel top-up ¥100", TOPUP, 10000, 9700, 150),
  product("sinopec-fuel-topup-500", "中石化加油卡充值 500 元", "Sinopec fuel top-up ¥500", TOPUP, 50000, 48500, 50),
  product("luckin-coffee-20-code", "瑞幸咖啡 20 元券", "Luckin Coffee ¥20 voucher", CODE, 2000, 1500, 1000),
  product("starbucks-tall-latte-code", "星巴克中杯拿铁券", "Starbucks tall latte voucher", CODE, 3300, 2600, 400),
  product("course-excel", "Excel 数据分析实战课", "Excel data analysis course", CODE, 19900, 9900, 80),
  product("course-business-english", "商务英语口语课 30 天", "Business English, 30 days", CODE, 29900, 15000, 60),
]);
