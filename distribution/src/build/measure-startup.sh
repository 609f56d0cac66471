#!/bin/sh
# Measures start-up times of a built distribution (nothing asserts them; see README.md):
#   - bin/strand (the container): launch to its "strand: ready:" line, i.e. every bundle active;
#     the first run after clearing the cache is cold, the others warm;
#   - bin/strand transports (module path) and the jlink image's bin/strand transports: launch to
#     the first line of output.
# usage: measure-startup.sh [DIST_DIR [IMAGE_DIR]]   (RUNS=n sets the number of runs, default 5)
set -eu
dist=${1:-distribution/target/strand}
image=${2:-distribution/target/image}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

millis_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# Runs a command and prints the milliseconds until its first output line matching PATTERN.
until_line() {
  pattern=$1; shift
  fifo="$work/fifo"
  rm -f "$fifo"; mkfifo "$fifo"
  start=$(date +%s%N)
  "$@" > "$fifo" 2>/dev/null &
  pid=$!
  result=none
  while IFS= read -r line; do
    case "$line" in $pattern) result="$(millis_since "$start") ms   $line"; break ;; esac
  done < "$fifo"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$result"
}

cache="$work/cache"
echo "container (bin/strand until 'strand: ready:'), cache $cache:"
i=0
while [ "$i" -lt "$runs" ]; do
  [ "$i" -eq 0 ] && label=cold || label=warm
  printf '  %s  ' "$label"
  JAVA_OPTS="-Dstrand.cache.dir=$cache" until_line 'strand: ready: *' sh "$dist/bin/strand"
  i=$((i + 1))
done

for launcher in "$dist/bin/strand" "$image/bin/strand"; do
  echo "$launcher transports (until the first line):"
  i=0
  while [ "$i" -lt "$runs" ]; do
    printf '  '
    until_line '*' sh "$launcher" transports
    i=$((i + 1))
  done
done
