import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { STATIC_SECURITY_HEADERS } from "./lib/auth/security-headers";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Every response, assets included; each page's Content Security Policy (with its nonce) comes from proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
};

// next-intl: the request's language and messages (lib/i18n/request.ts); no locale in the URL.
export default createNextIntlPlugin("./lib/i18n/request.ts")(config);
