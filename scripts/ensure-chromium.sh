#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (playwright cannot download a
# browser here). Installs it, with a CJK font, when missing and we may.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing chromium and a CJK font for the browser tests (apt-get)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  exit 0
fi
echo "The browser tests need Debian's chromium at /usr/bin/chromium and a CJK font:" >&2
echo "  sudo apt-get install chromium fonts-wqy-microhei" >&2
exit 1
