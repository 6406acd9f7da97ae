#!/usr/bin/env bash
# Makes sure the tools the report and browser tests need are present: Debian's `chromium` (PDF rendering and
# browser tests, driven by playwright-core; never a downloaded browser) and `poppler-utils` (pdftoppm, pdftotext,
# pdfinfo, to look at the PDFs). Sourced by scripts/test.sh. Installs the missing ones from Debian's packages when
# we are root; otherwise says what to install. When both are present, DEBRIEF_REQUIRE_CHROMIUM=1 makes the
# tests that need them fail instead of skipping.

ensure_browser_tools() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || [ -n "${DEBRIEF_CHROMIUM:-}" ] || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "== not installed: ${missing[*]} (install with: apt-get install ${missing[*]}); the PDF tests will be skipped" >&2
      return 0
    fi
    echo "== installing ${missing[*]} from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  export DEBRIEF_REQUIRE_CHROMIUM=1
}
