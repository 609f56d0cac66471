#!/bin/sh
# Measures the SSPC-only profile of a built distribution (nothing asserts these; see README.md):
# each jar's size, the jlink image's size, and over RUNS runs of the image's bin/sspc against the
# container's SS proxy on a socat pty pair (onward to a socat TCP echo origin): the time from
# launch to the first CONNECTED and the heap in use then (sspc --stats, after a GC).
# usage: measure-sspc.sh [DIST_DIR]   (RUNS=n sets the number of runs, default 5; needs socat)
set -eu
dist=${1:-distribution/target}
runs=${RUNS:-5}
strand="$dist/strand/bin/strand"
work=$(mktemp -d)
pids=
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "jars in $dist/sspc/mods (bytes):"
for jar in "$dist"/sspc/mods/*.jar; do
  printf '  %9d  %s\n' "$(wc -c < "$jar")" "$(basename "$jar")"
done
printf '  %9d  total\n' "$(cat "$dist"/sspc/mods/*.jar | wc -c)"
echo "image $dist/sspc-image: $(du -sb "$dist/sspc-image" | cut -f1) bytes; du -sh: $(du -sh "$dist/sspc-image" | cut -f1)"
echo "  modules: $("$dist/sspc-image/bin/java" --list-modules | sed 's/@.*//' | paste -sd' ' -)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
socat TCP-LISTEN:"$port",bind=127.0.0.1,fork,reuseaddr EXEC:cat 2>/dev/null &
pids="$pids $!"
socat pty,raw,echo=0,link="$work/a" pty,raw,echo=0,link="$work/b" 2>/dev/null &
pids="$pids $!"
cat > "$work/policy.json" <<POLICY
{ "retry": [ { "quick": { "backoff": [100], "conceal": 2 } } ],
  "s": [ { "echo": { "endpoint": "127.0.0.1", "port": $port, "protocol": "raw", "retry": "quick" } } ] }
POLICY
while [ ! -e "$work/b" ]; do sleep 0.05; done
sh "$strand" proxy --listen "uart:$work/b?baud=115200&poll=50ms" --policy "$work/policy.json" > "$work/proxy.log" 2>&1 &
pids="$pids $!"
until grep -q 'SS proxy listening on mux+uart' "$work/proxy.log"; do sleep 0.1; done

echo "image bin/sspc echo --proxy uart:... --stats, $runs runs (the proxy resets the line for each):"
i=0
while [ "$i" -lt "$runs" ]; do
  printf 'hello\n' | "$dist/sspc-image/bin/sspc" echo --proxy "uart:$work/a?baud=115200" --timeout-ms 200 --stats \
    2>&1 >/dev/null | grep 'stats:' | sed 's/^sspc: stats: /  /'
  i=$((i + 1))
done
