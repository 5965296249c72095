#!/bin/sh
# Verifies one component on one demo target: asks the target's service (see
# deploy.sh) and succeeds only if it runs the version just deployed.
# Environment: SITES_DIR, RINGMASTER_TARGET, RINGMASTER_COMPONENT, RINGMASTER_VERSION.
set -eu
: "${SITES_DIR:?is not set (the target config gives it)}"
: "${RINGMASTER_TARGET:?is not set (Ringmaster gives it)}"
: "${RINGMASTER_COMPONENT:?is not set (Ringmaster gives it)}"
: "${RINGMASTER_VERSION:?is not set (Ringmaster gives it)}"

here=$(cd "$(dirname "$0")" && pwd)
exec node "$here/verify.mjs" "$SITES_DIR/$RINGMASTER_TARGET" "$RINGMASTER_COMPONENT" "$RINGMASTER_VERSION"
