#!/usr/bin/env bash
# Compares the public API (exported packages, public and protected members) of every library
# module with the last release, sweep.api.baseline in pom.xml, and fails on any change that
# breaks users' sources or binaries (japicmp, profile api-check). The baseline's jars are built
# once from its git tag (v<version>) and installed in the local Maven repository, where a user's
# build would find a published release.
# Usage: scripts/api-check.sh          (CI runs it after the tests, .ci/run; docs/RELEASING.md)
set -euo pipefail
cd "$(dirname "$0")/.."
baseline="$(sed -n 's:.*<sweep.api.baseline>\(.*\)</sweep.api.baseline>.*:\1:p' pom.xml)"
[[ -n "$baseline" ]] || { echo "api-check: no <sweep.api.baseline> in pom.xml" >&2; exit 1; }
repo="$(mvn -B -ntp -q help:evaluate -Dexpression=settings.localRepository -DforceStdout \
  | sed 's/\x1b\[[0-9;]*m//g')"

if [[ ! -f "$repo/dev/sweep/sweep-core/$baseline/sweep-core-$baseline.jar" ]]; then
  tag="v$baseline"
  if ! git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
    # a clone without tags: ask the repository it came from
    git fetch -q origin "refs/tags/$tag:refs/tags/$tag" 2>/dev/null || true
  fi
  git rev-parse -q --verify "refs/tags/$tag" >/dev/null \
    || { echo "api-check: the baseline's tag $tag is not in this clone (git fetch --tags)" >&2; exit 1; }
  src="target/api-baseline-$baseline"
  rm -rf "$src" && mkdir -p "$src"
  git archive "$tag" | tar -x -C "$src"
  echo "api-check: installing the baseline $baseline from $tag" >&2
  (cd "$src" && mvn -B -ntp -q -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    -Djacoco.skip=true -Dspotless.check.skip=true install)
fi

mvn -B -ntp -q -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Djacoco.skip=true -Papi-check verify
echo "api-check: the API keeps every class and member of $baseline that users can reach"
