#!/bin/sh
# Builds the SSPC-only profile from the distribution's mods/ folder: a module-path folder
# (mods/ + bin/sspc) and a jlink image (bin/sspc), each holding exactly the modules the launcher
# module dev.strand.sspc.app requires (api, core-net, transport-uart, slf4j-api, jSerialComm) and
# the logging binding (slf4j-simple), and no others: no Netty, no JSON library, no proxy.
# usage: make-sspc.sh JAVA_HOME MODS_DIR SSPC_DIR IMAGE_DIR
set -eu
java_home=$1
mods=$2
out=$3
image=$4
roots=dev.strand.sspc.app,org.slf4j.simple
main=dev.strand.sspc.app/dev.strand.sspc.app.SspcMain

# The closure of the roots' 'requires', as the module system resolves it from MODS_DIR
# (--limit-modules: no service binding, so nothing else on the path comes along).
listing=$("$java_home/bin/java" -p "$mods" --limit-modules "$roots" --list-modules)
jars=$(echo "$listing" | grep ' file:' | sed 's/^[^ ]* file:\/\///')
modules=$(echo "$listing" | grep ' file:' | sed 's/[@ ].*//' | sort | paste -sd, -)

rm -rf "$out" "$image"
mkdir -p "$out/mods" "$out/bin"
for jar in $jars; do
  cp "$jar" "$out/mods/"
done

# JDK modules Strand uses that nothing 'requires': the default random generator (jdk.random).
jdk_providers=jdk.random

launcher() {
  # $1: where java is, relative to the launcher's folder's parent; $2: module-path option
  cat <<LAUNCHER
#!/bin/sh
# sspc: one secure stream through an SS proxy over a serial port (the SSPC-only profile).
#   sspc STREAMTYPE --proxy 'uart:/dev/ttyUSB0?baud=115200' [--connect] [--timeout-ms N]
#        [--metadata name=value]... [--stats]
# stdin goes to the stream, rx to stdout, states to stderr. JAVA_OPTS: extra JVM options.
launched=\$(date +%s%N 2>/dev/null)
case "\$launched" in *N*|'') launched= ;; esac
self=\$(readlink -f "\$0" 2>/dev/null || echo "\$0")
home=\$(cd "\$(dirname "\$self")/.." && pwd -P)
exec $1 \$JAVA_OPTS \${launched:+-Dstrand.launch.epoch.ns=\$launched} $2 -m $main "\$@"
LAUNCHER
}

launcher '"${JAVA_HOME:+$JAVA_HOME/bin/}java"' '-p "$home/mods"' > "$out/bin/sspc"
chmod 755 "$out/bin/sspc"

"$java_home/bin/jlink" \
  --module-path "$out/mods" \
  --add-modules "$modules,$jdk_providers" \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$image"
launcher '"$home/bin/java"' '' > "$image/bin/sspc"
chmod 755 "$image/bin/sspc"
echo "make-sspc.sh: $modules in $out/mods and linked into $image"
