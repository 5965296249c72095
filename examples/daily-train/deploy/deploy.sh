#!/bin/sh
# Deploys one component of a release onto one demo target. Ringmaster runs it
# once per component, in dependency order, from the server's working directory.
#
# A target is the folder $SITES_DIR/$RINGMASTER_TARGET:
#   components/<component>   the installed version of each component
#   release                  the release the target runs
#   crashed/<component>      present while that component is "crashed"
#   pid, port, service.log   the target's service (deploy/service.mjs)
#
# Environment (from Ringmaster): RINGMASTER_TARGET, RINGMASTER_COMPONENT,
# RINGMASTER_VERSION, RINGMASTER_RELEASE, RINGMASTER_ARTIFACT,
# RINGMASTER_ARTIFACT_IMAGE, RINGMASTER_ACTION (deploy or rollback); from the
# target's config: SITES_DIR and the secret API_KEY.
#
# Failure injection: an image reference containing "fail-deploy" makes this
# script fail; one containing "fail-verify" installs a component that crashes,
# so verify.sh fails.
#
# Idempotent: deploying the same version again changes nothing.
set -eu

fail() {
  echo "deploy.sh: $*" >&2
  exit 1
}

# Names become file names: refuse anything that could leave the site folder.
check_name() {
  case "$2" in
    '' | *[!a-z0-9-]* | -*) fail "$1 must be a lowercase name (letters, digits, -), got '$2'" ;;
  esac
}

: "${SITES_DIR:?is not set (the target config gives it)}"
: "${RINGMASTER_TARGET:?is not set (Ringmaster gives it)}"
: "${RINGMASTER_COMPONENT:?is not set (Ringmaster gives it)}"
: "${RINGMASTER_VERSION:?is not set (Ringmaster gives it)}"
: "${RINGMASTER_RELEASE:?is not set (Ringmaster gives it)}"
check_name RINGMASTER_TARGET "$RINGMASTER_TARGET"
check_name RINGMASTER_COMPONENT "$RINGMASTER_COMPONENT"
[ -n "${API_KEY:-}" ] || fail "API_KEY is not set: the target's config must give it (as a secret)"

here=$(cd "$(dirname "$0")" && pwd)
site="$SITES_DIR/$RINGMASTER_TARGET"
component="$RINGMASTER_COMPONENT"
version="$RINGMASTER_VERSION"
image="${RINGMASTER_ARTIFACT_IMAGE:-}"

case "${RINGMASTER_ACTION:-deploy}" in
  rollback) verb="roll back to" ;;
  *) verb="deploy" ;;
esac
echo "$verb $component $version on $RINGMASTER_TARGET (release $RINGMASTER_RELEASE)"
echo "  artifact ${RINGMASTER_ARTIFACT:-unknown}${image:+, image $image}"

case "$image" in
  *fail-deploy*) fail "cannot install $component $version: the image $image is marked fail-deploy (injected failure)" ;;
esac

# Writes a file whole or not at all, so the service never reads half of it.
write_file() {
  tmp="$1.tmp.$$"
  printf '%s\n' "$2" >"$tmp"
  mv -f "$tmp" "$1"
}

mkdir -p "$site/components" "$site/crashed"
write_file "$site/components/$component" "$version"
write_file "$site/release" "$RINGMASTER_RELEASE"
case "$image" in
  *fail-verify*)
    write_file "$site/crashed/$component" "$version"
    echo "  installed $component $version in $site (it will crash: fail-verify injected)"
    ;;
  *)
    rm -f "$site/crashed/$component"
    echo "  installed $component $version in $site"
    ;;
esac

# Whether a process runs. A dead one nobody has reaped yet (a zombie, common in
# containers) answers kill -0 too, so where /proc tells, ask it as well.
running() {
  kill -0 "$1" 2>/dev/null || return 1
  case "$(cat "/proc/$1/stat" 2>/dev/null || true)" in
    *") Z "*) return 1 ;;
  esac
}

# The service reads the files on every request, so a running one needs no restart.
pid=$(cat "$site/pid" 2>/dev/null || true)
if [ -n "$pid" ] && running "$pid"; then
  echo "  service already running (pid $pid, port $(cat "$site/port" 2>/dev/null || echo '?'))"
  exit 0
fi

# Detached in every way (own session, no terminal, all output to a file), so it
# outlives this script and the server, and holds none of the server's pipes open.
rm -f "$site/pid" "$site/port"
if command -v setsid >/dev/null 2>&1; then
  setsid nohup node "$here/service.mjs" "$site" </dev/null >>"$site/service.log" 2>&1 &
else
  nohup node "$here/service.mjs" "$site" </dev/null >>"$site/service.log" 2>&1 &
fi

tries=0
while [ ! -s "$site/port" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 50 ]; then
    tail -n 5 "$site/service.log" >&2 || true
    fail "the service of $RINGMASTER_TARGET did not start within 5 s (log: $site/service.log)"
  fi
  sleep 0.1
done
echo "  started the service (pid $(cat "$site/pid"), port $(cat "$site/port"))"
