// What the simulated supplier sells: realistic demo products with Chinese and
// English names. Money in fen (1/100 CNY).

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

/** The demo catalogue of the simulated supplier. */
export const demoProducts: readonly SimProduct[] = Object.freeze([
  product("CMCC-30", "中国移动话费 30 元", "China Mobile top-up ¥30", "DIRECT_TOPUP", 3000, 2940, 500),
  product("CMCC-50", "中国移动话费 50 元", "China Mobile top-up ¥50", "DIRECT_TOPUP", 5000, 4900, 500),
  product("CMCC-100", "中国移动话费 100 元", "China Mobile top-up ¥100", "DIRECT_TOPUP", 10000, 9800, 300),
  product("TENCENT-VIDEO-VIP-1M", "腾讯视频 VIP 月卡", "Tencent Video VIP, 1 month", "DIRECT_TOPUP", 3000, 2100, 200),
  product("IQIYI-GOLD-1M", "爱奇艺黄金会员月卡", "iQIYI Gold membership, 1 month", "DIRECT_TOPUP", 2500, 1800, 200),
  product("LUCKIN-20", "瑞幸咖啡 20 元券", "Luckin Coffee ¥20 voucher", "CARD_CODE", 2000, 1500, 1000),
  product("STARBUCKS-TALL-LATTE", "星巴克中杯拿铁券", "Starbucks tall latte voucher", "CARD_CODE", 3300, 2600, 400),
  product("SINOPEC-100", "中石化加油卡 100 元", "Sinopec fuel card ¥100", "DIRECT_TOPUP", 10000, 9700, 150),
  product("SINOPEC-500", "中石化加油卡 500 元", "Sinopec fuel card ¥500", "DIRECT_TOPUP", 50000, 48500, 50),
  product("COURSE-EXCEL", "Excel 数据分析实战课", "Excel data analysis course", "CARD_CODE", 19900, 9900, 80),
  product(
    "COURSE-ENGLISH",
    "商务英语口语课（30 天）",
    "Business English speaking, 30 days",
    "CARD_CODE",
    29900,
    15000,
    60,
  ),
]);
