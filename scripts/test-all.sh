#!/usr/bin/env bash
# The one test command (npm test): installs what the tests need when missing (Debian packages as root),
# builds, then runs unit, integration (real mosquitto, RabbitMQ, sandbox) and browser e2e tests inside a
# D-Bus session with a real Secret Service (gnome-keyring), so keychain code is exercised for real.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# Linux runs everything (real Secret Service in a D-Bus session, RabbitMQ, Python peers); macOS and Windows (CI
# runners, .github/workflows/build.yml) bring mosquitto and a Chrome, and the tests needing the rest skip with a reason.
linux=false
[ "$(uname -s)" = Linux ] && linux=true
tools="mosquitto:mosquitto mosquitto_pub:mosquitto-clients openssl:openssl"
[ -n "${FIELDSCOPE_TEST_CHROMIUM:-}" ] || tools="$tools chromium:chromium"
$linux && tools="$tools gnome-keyring-daemon:gnome-keyring dbus-run-session:dbus secret-tool:libsecret-tools"
for p in $tools; do
  command -v "${p%%:*}" >/dev/null 2>&1 || need+=("${p#*:}")
done
if $linux; then
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
  # A CJK font, so the zh-CN e2e screenshots (e2e/i18n-zh.spec.ts) show Chinese rather than empty boxes.
  (command -v fc-list >/dev/null && fc-list :lang=zh | grep -q .) || need+=(fonts-wqy-microhei)
  /usr/bin/python3 -c 'import paho.mqtt' 2>/dev/null || need+=(python3-paho-mqtt)
  /usr/bin/python3 -c 'import proton' 2>/dev/null || need+=(python3-qpid-proton)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing test dependencies: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Missing test dependencies: ${need[*]} (install them with your package manager)" >&2
    exit 1
  fi
fi

[ -d node_modules ] || npm ci --no-audit --no-fund

node scripts/build.mjs
npx tsc -p tsconfig.json --noEmit
npx tsc -p renderer/tsconfig.json --noEmit
bash scripts/lint.sh
# shared/ is pure (no Node, no DOM): its own project has neither's types, so a node: import fails here.
npx tsc -p shared/tsconfig.json --noEmit

# A private keyring folder per run: a login keyring left by an earlier run (with another password) would make
# the unlock fail and every keychain test skip.
KEYRING_HOME=$(mktemp -d)
trap 'rm -rf "$KEYRING_HOME"' EXIT
run_in_keyring_session() {
  # macOS and Windows have their own keychain service: nothing to start.
  $linux || { "$@"; return; }
  bash scripts/keyring-session.sh "$KEYRING_HOME" -- "$@"
}

rm -f test-results/vitest.json test-results/playwright.json
mkdir -p test-results
status=0
run_in_keyring_session npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?
# The browser tests run even when a unit or integration test failed, so one run shows everything.
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json run_in_keyring_session npx playwright test --reporter=list,json || status=$?
node scripts/test-summary.mjs || status=$?
exit $status
