#!/usr/bin/env bash
# The benchmark of issue 8: packages the application, starts it on a free port with its own empty
# H2 database under target/bench/, measures and writes docs/performance.md (see that file).
#   scripts/bench.sh            full run (about 15–25 minutes on 2 cores), writes docs/performance.md
#   scripts/bench.sh --smoke    tiny counts, seconds; writes target/bench/smoke.md (CI runs this)
#   --app-arg=--camunda.bpm.job-execution.core-pool-size=…  passes a setting to the application
# Fails only when the benchmark or the application is broken, never on slow numbers.
set -euo pipefail
cd "$(dirname "$0")/.."

out=docs/performance.md
for arg in "$@"; do
  [ "$arg" = --smoke ] && out=target/bench/smoke.md
done
mkdir -p target/bench
if [ -z "${BENCH_SKIP_PACKAGE:-}" ]; then
  ./mvnw -q -B -ntp -DskipTests -Dlint.skip package
fi
exec java scripts/bench/Bench.java --out="$out" "$@"
