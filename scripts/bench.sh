#!/usr/bin/env bash
# The benchmark of issue 8: packages the application, then for H2 and for an embedded PostgreSQL
# starts it on a free port with its own empty database under target/bench/, measures, profiles
# and writes docs/performance.md (see that file).
#   scripts/bench.sh                 full run on both databases (about an hour on 2 cores)
#   scripts/bench.sh --smoke         tiny counts, a few minutes; writes target/bench/smoke.md (CI runs this)
#   scripts/bench.sh --db=h2         one database only (h2, postgres or both)
#   --app-arg=--camunda.bpm.job-execution.core-pool-size=…  passes a setting to the application
#   BENCH_APP_JAVA_OPTS='…'          JVM flags of the application (default: those of docs/operations.md)
#   BENCH_H2_URL_EXTRA=';CACHE_SIZE=65536'  appended to the H2 database URL (H2 settings)
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
# The embedded PostgreSQL and the JDBC drivers come from the project's test classpath.
./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
exec java -cp "$(cat target/bench/classpath.txt)" scripts/bench/Bench.java --out="$out" "$@"
