#!/usr/bin/env bash
# The whole test suite (`npm test`, also `npm run check`): type check, lint, build, then every test, with
# storage tests on SQLite and on a throwaway PostgreSQL this script starts (or DEBRIEF_TEST_PG_URL if set), and
# the report tests in Debian's Chromium (installed with poppler-utils when missing and we are root).
# Extra arguments go to vitest, e.g. `npm test -- src/core`.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC

echo "== typecheck" >&2
npm run -s typecheck
echo "== lint" >&2
npm run -s lint
echo "== build" >&2
npm run -s build

if [ -z "${DEBRIEF_TEST_PG_URL:-}" ]; then
  # shellcheck source=scripts/throwaway-postgres.sh
  source scripts/throwaway-postgres.sh
  start_throwaway_postgres
fi
export DEBRIEF_REQUIRE_PG=1

# shellcheck source=scripts/browser-tools.sh
source scripts/browser-tools.sh
ensure_browser_tools

echo "== tests" >&2
npx vitest run "$@"
