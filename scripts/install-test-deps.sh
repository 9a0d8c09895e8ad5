#!/usr/bin/env bash
# Installs what the test suite needs besides Java and Maven, from Debian's packages:
# - postgresql: the server binaries the ops-server integration tests use to start a throwaway
#   PostgreSQL of their own on 127.0.0.1 (they never touch a system cluster);
# - prometheus: for promtool, a real client of the collector's Prometheus HTTP API in the tests
#   (the Prometheus server the package also holds is not used);
# - prometheus-alertmanager: a real Alertmanager (and amtool) that the alerting tests start on a
#   port of their own and deliver to (the system service the package may start is not used);
# - chromium and chromium-driver: headless Chromium, driven through WebDriver by the test of the
#   ops status page (it loads the page, clicks its buttons and checks what it shows).
# Idempotent: installs only what is missing. Run as root or with sudo available.
set -euo pipefail

missing=()
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null; then
  missing+=(postgresql)
fi
if ! command -v promtool > /dev/null; then
  missing+=(prometheus)
fi
if ! command -v prometheus-alertmanager > /dev/null || ! command -v amtool > /dev/null; then
  missing+=(prometheus-alertmanager)
fi
if ! command -v chromium > /dev/null; then
  missing+=(chromium)
fi
if ! command -v chromedriver > /dev/null; then
  missing+=(chromium-driver)
fi
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-test-deps: present: PostgreSQL ($(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')), $(promtool --version 2>&1 | head -1), $(prometheus-alertmanager --version 2>&1 | head -1), $(chromedriver --version 2>&1 | head -1)"
  exit 0
fi

SUDO=""
if [[ "$(id -u)" != "0" ]]; then
  SUDO="sudo"
fi
echo "install-test-deps: installing the Debian packages ${missing[*]} ..."
$SUDO apt-get update -q
# The packages may create and start system services (a PostgreSQL cluster, a Prometheus server);
# the tests use neither.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null \
  || { echo "install-test-deps: postgresql installed but no initdb found" >&2; exit 1; }
command -v promtool > /dev/null \
  || { echo "install-test-deps: prometheus installed but no promtool found" >&2; exit 1; }
command -v prometheus-alertmanager > /dev/null && command -v amtool > /dev/null \
  || { echo "install-test-deps: prometheus-alertmanager installed but no prometheus-alertmanager/amtool found" >&2; exit 1; }
command -v chromium > /dev/null && command -v chromedriver > /dev/null \
  || { echo "install-test-deps: chromium installed but no chromium/chromedriver found" >&2; exit 1; }
