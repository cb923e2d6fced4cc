#!/usr/bin/env bash
# Installs the Debian packages that the Python example and the side-by-side benchmarks use:
# scikit-learn (the Python example), Optuna and pandas (compared against), psycopg2 and
# SQLAlchemy (Optuna's RDB storage on PostgreSQL, bench/shared-store-vs-optuna.sh), hyperfine (timing),
# chromium (the test that renders the analysis page) and chromium-driver (Selenium's driver for the
# test of the live page, `sweep serve`); without them those tests are skipped, except
# under CI=true. Run as root (or with sudo).
#
#   scripts/install-debian-packages.sh            # all of them
#   scripts/install-debian-packages.sh chromium chromium-driver   # only these (what .ci/run does)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if (( $# > 0 )); then
  packages=("$@")
else
  packages=(python3-sklearn python3-optuna python3-pandas python3-psycopg2 python3-sqlalchemy hyperfine chromium chromium-driver)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} == 0 )); then
  echo "already installed: ${packages[*]}"
  exit 0
fi
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
