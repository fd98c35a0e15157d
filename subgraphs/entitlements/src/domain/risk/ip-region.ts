// Where a request comes from, as the region code risk rules match (ISO 3166:
// a country such as US, or a Chinese province in the numeric form of ISO
// 3166-2:CN, such as CN-31 for Shanghai). Derived on the server from the
// caller's address with the ip2region database that ships inside its npm
// package, never from anything the client says. Private, loopback and
// unknown addresses have no region (null).
import { createRequire } from "node:module";
import { isIP } from "node:net";
import type IP2Region from "ip2region";

/** GB/T 2260 codes of the provinces, autonomous regions, municipalities and SARs, by their short names. */
const PROVINCES: Record<string, string> = {
  北京: "11", 天津: "12", 河北: "13", 山西: "14", 内蒙古: "15",
  辽宁: "21", 吉林: "22", 黑龙江: "23",
  上海: "31", 江苏: "32", 浙江: "33", 安徽: "34", 福建: "35", 江西: "36", 山东: "37",
  河南: "41", 湖北: "42", 湖南: "43", 广东: "44", 广西: "45", 海南: "46",
  重庆: "50", 四川: "51", 贵州: "52", 云南: "53", 西藏: "54",
  陕西: "61", 甘肃: "62", 青海: "63", 宁夏: "64", 新疆: "65",
  台湾: "71", 香港: "91", 澳门: "92",
}; // prettier-ignore

let database: IP2Region | null = null;
let countries: Map<string, string> | null = null;

/** The region of `ip` (null: private, loopback, malformed or not in the database). */
export function regionOfIp(ip: string | null | undefined): string | null {
  if (!ip || isIP(ip) === 0) return null;
  const found = lookup().search(ip);
  if (!found?.country) return null;
  const country = countryCode(found.country);
  if (country !== "CN") return country;
  const province = Object.keys(PROVINCES).find((name) => found.province.startsWith(name));
  return province ? `CN-${PROVINCES[province]}` : "CN";
}

function lookup(): IP2Region {
  if (!database) {
    // A CommonJS package whose class is its `default` export; its database (about 11 MB) loads on first use.
    const { default: Database } = createRequire(import.meta.url)("ip2region") as { default: typeof IP2Region };
    database = new Database();
  }
  return database;
}

/** ISO 3166-1 alpha-2 of a country named in Chinese, as ip2region names them (Intl's names, the same words). */
function countryCode(name: string): string | null {
  if (!countries) {
    countries = new Map();
    const names = new Intl.DisplayNames(["zh-CN"], { type: "region", fallback: "none" });
    const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (const a of letters) {
      for (const b of letters) {
        const chinese = names.of(a + b);
        if (chinese && !countries.has(chinese)) countries.set(chinese, a + b);
      }
    }
  }
  return countries.get(name) ?? null;
}
