#!/usr/bin/env bash
# Issue 21: the H2 file under sustained lead load, idle, after a clean restart, against its data
# (scripts/bench/H2Growth.java; docs/performance.md «H2 file growth»).
#   scripts/h2-growth.sh                       3 min load with 8 clients, 2 min idle, restart, 1 min idle
#   --load-seconds=180 --clients=8 --idle-seconds=120 --after-restart-seconds=60
#   --dir=target/h2growth                      work directory (emptied first)
#   --h2=';RETENTION_TIME=0'                   options appended to the shipped H2 URL
#   --app-arg=--school.h2.…=…                  passes a setting to the application
#   BENCH_SKIP_PACKAGE=1                       reuses target/school-funnels-*.jar
#   GROWTH_JAR=/tmp/other.jar                  runs that jar instead (two variants side by side)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
if [ -z "${BENCH_SKIP_PACKAGE:-}" ]; then
  ./mvnw -q -B -ntp -DskipTests -Dlint.skip package
fi
./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
exec java -cp "$(cat target/bench/classpath.txt)" scripts/bench/H2Growth.java "$@"
