# Shared by the deploy/local scripts: checks Java, and builds a module (with what it needs) when
# its sources changed since the last build. Source it; it defines root, home and the functions.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="${BATON_HOME:-$root/.baton}"

require_java17() {
  if ! command -v java >/dev/null 2>&1; then
    echo "error: no 'java' on PATH: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)" >&2
    exit 1
  fi
  local version
  version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [ "${version%%.*}" -lt 17 ] 2>/dev/null; then
    echo "error: Java $version found, Baton needs Java 17 or newer (set JAVA_HOME or PATH)" >&2
    exit 1
  fi
}

# build_module <module dir> <upstream source dirs...>: ./mvnw package of the module (and its
# upstream modules) unless its stamp (target/.built, see mark_built) is newer than every source.
build_module() {
  local module="$1"; shift
  local stamp="$root/$module/target/.built"
  local sources=("$root/$module/src" "$root/$module/pom.xml")
  for upstream in "$@"; do sources+=("$root/$upstream/src" "$root/$upstream/pom.xml"); done
  if [ -f "$stamp" ] && [ -f "$root/$module/target/classpath.txt" ] && [ -z "$(find "${sources[@]}" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "building $module (first time, or its sources changed)..." >&2
  "$root/mvnw" -q -B -f "$root/pom.xml" -pl "$module" -am package -DskipTests -Dbaton.root="$root" >&2
  mark_built "$module"
}

# mark_built <module dir...>: records that the modules' builds are current (after a full build too).
mark_built() {
  for module in "$@"; do
    mkdir -p "$root/$module/target" && touch "$root/$module/target/.built"
  done
}

# run_main <module dir> <main class> <args...>: runs a module's main class with DJL offline.
run_main() {
  local module="$1" main="$2"; shift 2
  local jar
  jar="$(ls "$root/$module"/target/baton-*.jar | head -n 1)"
  export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"  # README, "Known issues"
  exec java -Dbaton.root="$root" -Dai.djl.offline=true \
    -DDJL_CACHE_DIR="$home/djl-cache" -DENGINE_CACHE_DIR="$home/djl-cache" \
    -cp "$jar:$(cat "$root/$module/target/classpath.txt")" "$main" "$@"
}
