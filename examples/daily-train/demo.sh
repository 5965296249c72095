#!/bin/sh
# The daily release train, end to end, on this machine: a Ringmaster server,
# six push targets and an on-premises one installed by its own agent (each a
# folder with a tiny HTTP service), and the commands a release manager types
# to carry releases through the rings.
#
#   examples/daily-train/demo.sh [--keep]
#
# It starts its own server in a fresh temporary folder and stops it (and every
# target's service) at the end; with --keep they stay up to look around. The
# on-premises agent runs once (--once) and exits.
# Exits non-zero if a step fails or a closing check does not hold.
set -eu

usage() {
  echo "usage: $0 [--keep]"
  echo "  --keep  leave the server and the targets' services running afterwards"
}

keep=false
for arg in "$@"; do
  case "$arg" in
    --keep) keep=true ;;
    -h | --help) usage; exit 0 ;;
    *) echo "demo.sh: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# The project's Node.js 24 first: the CLI, the server and the targets' services use it.
PATH="$ROOT/node_modules/.bin:$PATH"
export PATH
cd "$ROOT"

PRODUCT=daily-train
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ringmaster-daily-train.XXXXXX")
# The customer's machine: where acme-onprem's agent works and installs.
ONPREM="$WORK/onprem/acme-onprem"
SERVER_PID=

# --- output -----------------------------------------------------------------

step() {
  printf '\n\n== %s\n' "$1"
  shift
  say "$@"
}

say() {
  for line in "$@"; do
    if [ -n "$line" ]; then printf '   %s\n' "$line"; else echo; fi
  done
}

die() {
  printf '\ndemo.sh: %s\n' "$*" >&2
  exit 1
}

# Prints a command as one would type it (quoted where needed; tokens hidden).
show() {
  line='$'
  hide=false
  for arg in "$@"; do
    if [ "$hide" = true ]; then
      # shellcheck disable=SC2016 # shown as typed, not expanded
      arg='"$ALICE_TOKEN"'
      hide=false
    else
      [ "$arg" = --token ] && hide=true
      case "$arg" in
        '' | *[!A-Za-z0-9_./:=@%+,-]*) arg="'$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")'" ;;
      esac
    fi
    line="$line $arg"
  done
  printf '\n%s\n' "$line"
}

run() {
  show "$@"
  "$@"
}

ringmaster() {
  "$ROOT/bin/ringmaster" "$@"
}

# Runs a promotion the gates must refuse (exit 1, naming the gate) and shows
# the answer. Returns 0 when refused, 1 when it went through after all.
refused() {
  gate=$1
  shift
  show "$@"
  if answer=$("$@" 2>&1); then code=0; else code=$?; fi
  printf '%s\n' "$answer"
  [ "$code" -eq 0 ] && return 1
  [ "$code" -eq 1 ] || die "expected the $gate gate to refuse, but the command failed with exit code $code"
  printf '%s\n' "$answer" | grep -qi "$gate" || die "expected the $gate gate to refuse, but the answer does not name it"
  say "(exit code 1: refused by the $gate gate, as expected)"
}

# --- helpers ----------------------------------------------------------------

# One field of the JSON on stdin, by dotted path: `json state`, `json token.name`.
json() {
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
let text = "";
process.stdin.setEncoding("utf8").on("data", (chunk) => (text += chunk)).on("end", () => {
  let value;
  try { value = JSON.parse(text); } catch { console.error("json: the input is not JSON"); process.exit(1); }
  for (const key of process.argv[1].split(".")) value = value == null ? undefined : value[key];
  if (value === undefined) { console.error(`json: no field ${process.argv[1]}`); process.exit(1); }
  console.log(typeof value === "string" ? value : JSON.stringify(value));
});' "$1"
}

# What a target's service answers: `site hosted-eu release` prints 2.3.0,
# `site hosted-eu summary` prints the release and every component's version.
# Push targets live under the server's folder, on-premises ones under their agent's.
site() {
  port=$(cat "$WORK/sites/$1/port" "$WORK/onprem/$1/sites/$1/port" 2>/dev/null | head -n 1)
  [ -n "$port" ] || port=0
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
const [port, what] = process.argv.slice(1);
fetch(`http://127.0.0.1:${port}/`).then((r) => r.json()).then(
  (s) => console.log(what === "release" ? s.release : `${s.release} (${Object.entries(s.components).map(([c, v]) => `${c} ${v}`).join(", ")})`),
  () => console.log(what === "release" ? "none" : "not running"),
);' "$port" "$2"
}

# A made-up but stable commit id for a build: 40 hex digits.
commit_of() {
  node -e 'console.log(require("node:crypto").createHash("sha1").update(process.argv[1]).digest("hex"))' "$PRODUCT/$1@$2"
}

# What CI would send when a component's pipeline finishes.
register() {
  component=$1 version=$2 tests=$3 coverage=$4
  run ringmaster build register "$PRODUCT" --component "$component" --version "$version" \
    --commit "$(commit_of "$component" "$version")" --branch main \
    --artifact "image=registry.example/$component:$version" \
    --stage build=passed \
    --stage "unit-tests=passed,tests=$tests/0/2,coverage=$coverage" \
    --stage static-analysis=passed,critical=0,high=1
}

# --- the server -------------------------------------------------------------

stop_everything() {
  if [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; then
    # It finishes what it is doing; past 15 s it is stopped hard.
    (sleep 15 && kill -9 "$SERVER_PID") >/dev/null 2>&1 &
    watchdog=$!
    wait "$SERVER_PID" 2>/dev/null || true
    kill "$watchdog" 2>/dev/null || true
  fi
  for pidfile in "$WORK"/sites/*/pid "$WORK"/onprem/*/sites/*/pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  done
}

finish() {
  status=$?
  trap - EXIT INT TERM
  if [ "$keep" = true ] && [ -n "$SERVER_PID" ]; then
    echo
    echo "The server and the targets' services are still running (--keep):"
    echo "  export PATH=\"$ROOT/bin:\$PATH\" RINGMASTER_SERVER=${RINGMASTER_SERVER:-} RINGMASTER_TOKEN=${RINGMASTER_TOKEN:-}"
    echo "  export ALICE_TOKEN=${ALICE_TOKEN:-}"
    echo "  ringmaster status $PRODUCT"
    echo "  ls $WORK/sites   # each push target: files, service.log, and its port"
    echo "  ls $ONPREM   # acme-onprem's agent: agent.json, deploy/, sites/acme-onprem"
    echo "Stop them and clean up with:"
    echo "  kill $SERVER_PID \$(cat $WORK/sites/*/pid $WORK/onprem/*/sites/*/pid); rm -rf $WORK"
  else
    stop_everything
    if [ "$status" -eq 0 ]; then
      rm -rf "$WORK"
    else
      echo "demo.sh: kept $WORK to look into (server.log, sites/*/service.log)" >&2
    fi
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "0. Start a Ringmaster server" \
  "In a fresh folder, with SQLite. Push targets deploy through ./deploy/*.sh," \
  "run by the server from its working directory, so the server starts there."
cp -R "$HERE/deploy" "$WORK/deploy"
port=$(node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
(
  cd "$WORK"
  # Settings from the caller's environment would point elsewhere (say, at a PostgreSQL).
  unset DATABASE_URL RINGMASTER_HOST RINGMASTER_PORT RINGMASTER_DATA_DIR RINGMASTER_PUBLIC_URL RINGMASTER_SECRET_KEY RINGMASTER_LOG_LEVEL
  exec "$ROOT/bin/ringmaster" serve --host 127.0.0.1 --port "$port" --data-dir "$WORK/data"
) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

# It prints its URL, then (first start only) the admin token on a line of its own.
tries=0
server_url=
admin_token=
while [ -z "$server_url" ] || [ -z "$admin_token" ]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    cat "$WORK/server.log" >&2
    die "the server stopped during start-up"
  fi
  tries=$((tries + 1))
  [ "$tries" -le 300 ] || die "the server printed no URL and admin token within 30 s (see $WORK/server.log)"
  sleep 0.1
  server_url=$(sed -n 's/.* is running at \(http[^ ]*\)$/\1/p' "$WORK/server.log" | head -n 1)
  admin_token=$(sed -n 's/^  \(rm_[A-Za-z0-9_-]*\)$/\1/p' "$WORK/server.log" | head -n 1)
done
RINGMASTER_SERVER=$server_url
RINGMASTER_TOKEN=$admin_token
export RINGMASTER_SERVER RINGMASTER_TOKEN
say "Server running at $RINGMASTER_SERVER (pid $SERVER_PID), data and log in $WORK." \
  "The CLI reads RINGMASTER_SERVER and RINGMASTER_TOKEN (the admin token printed at first start)."

step "1. Describe the product" \
  "One YAML file: components and their order, rings and their gates, targets, roles." \
  "Production wants a blessed release and a release manager's approval."
run ringmaster apply -f examples/daily-train/ringmaster.yaml
run ringmaster get targets --product "$PRODUCT"
say "" "Alice is the release manager. She signs in with her own token."
run ringmaster user add alice --role release-manager
show ringmaster token create alice-cli --user alice --json
ALICE_TOKEN=$(ringmaster token create alice-cli --user alice --json | json secret)
say "(the token, shown once, is now in \$ALICE_TOKEN)"

step "2. CI registers green builds" \
  "One build per component, with its artifact and the results of its pipeline stages."
register api 1.4.0 120 86.5
register worker 1.2.0 64 82.1
register web 2.0.0 210 88.0

step "3. Cut release 2.3.0" \
  "The latest green build of each component on main. Every candidate lands on dev by itself."
run ringmaster release create "$PRODUCT" 2.3.0 --latest --branch main
run ringmaster wait "$PRODUCT" 2.3.0 --ring dev
say "" "dev-cluster answers: $(site dev-cluster summary)"

step "4. Carry 2.3.0 to production" \
  "internal: the quality gate checks tests, coverage, vulnerabilities and stages."
run ringmaster promote "$PRODUCT" 2.3.0 --to internal --wait
say "" "early-adopters: the release must first soak in internal for 5 s (a day or more in real life)."
if refused soak ringmaster promote "$PRODUCT" 2.3.0 --to early-adopters; then
  say "Waiting for the soak..."
  sleep 6
  run ringmaster promote "$PRODUCT" 2.3.0 --to early-adopters --wait
else
  say "(the soak had already passed on this machine: the promotion started)"
  run ringmaster wait "$PRODUCT" 2.3.0 --ring early-adopters
fi
say "" "production: blessed releases only, and a release manager must approve."
refused approval ringmaster promote "$PRODUCT" 2.3.0 --to production ||
  die "production let 2.3.0 in without an approval"
run ringmaster approve "$PRODUCT" 2.3.0 --ring production --comment "Go: clean on dev, internal and early adopters" --token "$ALICE_TOKEN"
run ringmaster promote "$PRODUCT" 2.3.0 --to production --wait
say "" "hosted-eu answers: $(site hosted-eu summary)" \
  "hosted-us answers: $(site hosted-us summary)"

step "5. On-premises: a customer's own agent installs it" \
  "acme-onprem and globex-onprem are pull targets: the server never connects to them." \
  "Each runs an agent that dials out, fetches what the server wants installed and runs" \
  "the same scripts on site. The ring wants 5 s in production and a release manager's approval."
refused approval ringmaster promote "$PRODUCT" 2.3.0 --to on-premises ||
  die "on-premises let 2.3.0 in without an approval"
run ringmaster approve "$PRODUCT" 2.3.0 --ring on-premises --comment "Go for the customers' installs" --token "$ALICE_TOKEN"
if refused soak ringmaster promote "$PRODUCT" 2.3.0 --to on-premises; then
  say "Waiting for the soak..."
  sleep 6
  run ringmaster promote "$PRODUCT" 2.3.0 --to on-premises
else
  say "(the soak had already passed on this machine: the promotion started)"
fi
say "" "The server only queues the two deployments. An admin makes a one-time code for" \
  "acme-onprem's agent; it trades the code for a token of its own, kept in its work folder."
show ringmaster enrolment create "$PRODUCT" acme-onprem --expires 1h
ENROL_CODE=$(ringmaster enrolment create "$PRODUCT" acme-onprem --expires 1h)
say "(the code, which works once, is now in \$ENROL_CODE)" "" \
  "On the customer's machine: a folder with the deploy scripts, and the agent. With --once it" \
  "installs what is wanted now and exits; without, it keeps polling for the next release."
mkdir -p "$ONPREM"
cp -R "$HERE/deploy" "$ONPREM/deploy"
run ringmaster agent --server "$RINGMASTER_SERVER" --enrol "$ENROL_CODE" --work-dir "$ONPREM" --once
say "" "acme-onprem answers: $(site acme-onprem summary)" "" \
  "globex-onprem installs only in its maintenance window (Sundays 02:00-04:00 in Chicago):" \
  "its deployment is held until then, so the ring stays open until it has run."
run ringmaster deployment list "$PRODUCT" 2.3.0 --ring on-premises
run ringmaster get targets --product "$PRODUCT" --ring on-premises

step "6. A release the quality gate stops" \
  "The worker's coverage drops to 61%. Its stages still pass, so it is a green build" \
  "and lands on dev, but internal's quality gate wants 80%."
register worker 1.3.0 70 61
run ringmaster release create "$PRODUCT" 2.4.0 --latest --branch main
run ringmaster wait "$PRODUCT" 2.4.0 --ring dev
refused quality ringmaster promote "$PRODUCT" 2.4.0 --to internal ||
  die "internal let 2.4.0 in despite the worker's 61% coverage"
run ringmaster reject "$PRODUCT" 2.4.0 --reason "worker coverage fell to 61%"

step "7. A hotfix, and a rollback" \
  "A fix to the api ships as a release too: 2.3.0 with api 1.4.1."
register api 1.4.1 124 86.9
run ringmaster release create "$PRODUCT" 2.3.1 --from 2.3.0 --build api=1.4.1
run ringmaster wait "$PRODUCT" 2.3.1 --ring dev
run ringmaster promote "$PRODUCT" 2.3.1 --to internal --wait
say "" "internal-cluster answers: $(site internal-cluster summary)" \
  "Say the hotfix misbehaves there: put internal-cluster back on its last good release."
run ringmaster rollback "$PRODUCT" --target internal-cluster --wait
say "" "internal-cluster answers: $(site internal-cluster summary)"

step "8. Where everything stands"
run ringmaster status "$PRODUCT"
run ringmaster release list "$PRODUCT"
echo
for target in dev-cluster internal-cluster demo-eu demo-us hosted-eu hosted-us acme-onprem; do
  printf '   %-17s %s\n' "$target" "$(site "$target" summary)"
done

echo
echo "Checks:"
failed=
check() {
  if [ "$2" = "$3" ]; then
    printf '   ok    %s\n' "$1"
  else
    printf '   FAIL  %s: found %s\n' "$1" "$2"
    failed="$failed${failed:+; }$1"
  fi
}
check "hosted-eu runs 2.3.0" "$(site hosted-eu release)" 2.3.0
check "hosted-us runs 2.3.0" "$(site hosted-us release)" 2.3.0
check "internal-cluster runs 2.3.0 again" "$(site internal-cluster release)" 2.3.0
check "acme-onprem runs 2.3.0, installed by its agent" "$(site acme-onprem release)" 2.3.0
held=$(ringmaster deployment list "$PRODUCT" 2.3.0 --ring on-premises | grep -c ' globex-onprem .* pending .* held until ' || true)
check "globex-onprem is held for its maintenance window" "$held deployment(s) held" "1 deployment(s) held"
check "release 2.4.0 is rejected" "$(ringmaster release show "$PRODUCT" 2.4.0 --json | json state)" rejected
[ -z "$failed" ] || die "checks failed: $failed"

echo
echo "demo finished: production (hosted-eu, hosted-us) runs 2.3.0; acme-onprem's agent installed 2.3.0 (globex-onprem held for its window); internal-cluster rolled back from 2.3.1 to 2.3.0; 2.4.0 rejected (worker coverage 61%)"
