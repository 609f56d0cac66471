#!/bin/sh
# Builds the jlink image from the distribution's mods/ folder, with a bin/strand of its own.
# usage: make-image.sh JAVA_HOME MODS_DIR IMAGE_DIR
#
# Every module in MODS_DIR is linked, named explicitly (no --bind-services, which would pull in
# JDK service providers too), so a module added to the distribution is in the image as well.
set -eu
java_home=$1
mods=$2
image=$3
main_module=dev.strand.distribution
epoll_module=io.netty.transport.epoll.linux.x86_64

# 'java --list-modules' names each module on the path, with its location; ours are file: URIs.
listing=$("$java_home/bin/java" -p "$mods" --list-modules)
if echo "$listing" | grep ' file:' | grep -q ' automatic$'; then
  echo "make-image.sh: jlink cannot link automatic modules; these jars in $mods have no module-info:" >&2
  echo "$listing" | grep ' file:' | grep ' automatic$' >&2
  exit 1
fi
modules=$(echo "$listing" | grep ' file:' | sed 's/[@ ].*//' | sort | paste -sd, -)

# JDK service providers that Strand uses but no module 'requires': the default random generator
# (RandomGenerator.getDefault(), jdk.random) and elliptic-curve TLS key exchange (jdk.crypto.ec).
jdk_providers=jdk.random,jdk.crypto.ec

rm -rf "$image"
"$java_home/bin/jlink" \
  --module-path "$mods" \
  --add-modules "$modules,$jdk_providers" \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$image"

add_modules=
case ",$modules," in
  *",$epoll_module,"*) add_modules="--add-modules $epoll_module" ;;
esac

cat > "$image/bin/strand" <<LAUNCHER
#!/bin/sh
# strand (jlink image): the module-path subcommands; 'strand help' lists them. The container
# (strand with no arguments) runs from the distribution folder, which holds Felix.
#   JAVA_OPTS           extra JVM options
#   STRAND_MODULE_PATH  module-path entries to add (jars or folders, ':'-separated), e.g. your transport
self=\$(readlink -f "\$0" 2>/dev/null || echo "\$0")
image=\$(cd "\$(dirname "\$self")/.." && pwd -P)
if [ "\${1-}" = pico-binance ]; then
  # the SSPC-only modules, as in the distribution's bin/strand
  shift
  exec "\$image/bin/java" \$JAVA_OPTS --limit-modules dev.strand.examples.binance,dev.strand.transport.uart,org.slf4j.simple,jdk.random \\
    -m dev.strand.examples.binance/dev.strand.examples.binance.launch.PicoBinance "\$@"
fi
if [ -n "\$STRAND_MODULE_PATH" ]; then
  exec "\$image/bin/java" \$JAVA_OPTS -p "\$STRAND_MODULE_PATH" $add_modules -m $main_module/$main_module.cli.Main "\$@"
fi
exec "\$image/bin/java" \$JAVA_OPTS $add_modules -m $main_module/$main_module.cli.Main "\$@"
LAUNCHER
chmod 755 "$image/bin/strand"
echo "make-image.sh: linked $modules into $image"
