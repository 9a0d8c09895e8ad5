#!/usr/bin/env bash
# Installs what the test suite needs besides Java and Maven: the PostgreSQL server binaries, which the
# ops-server integration tests use to start a throwaway PostgreSQL of their own on 127.0.0.1
# (they never touch a system cluster). Idempotent; run as root or with sudo available.
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null; then
  echo "install-test-deps: PostgreSQL server binaries present: $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"
  exit 0
fi

SUDO=""
if [[ "$(id -u)" != "0" ]]; then
  SUDO="sudo"
fi
echo "install-test-deps: installing the Debian package postgresql ..."
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends postgresql
# The package may create and start a system cluster; the tests do not use it.
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null \
  || { echo "install-test-deps: postgresql installed but no initdb found" >&2; exit 1; }
