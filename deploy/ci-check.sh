#!/usr/bin/env bash
# CI for the operations path (`make ops-check`, run by .ci/run): the README's deployment commands
# (checked to be the README's, word for word) in a temporary prefix without systemd, the first
# admin, the installed copy serving pages, static files, the icon
# and /healthz from gunicorn on a loopback port, /healthz 503 with the database unreachable,
# backup and restore with the installed copy, a second install run (the upgrade), and `migrate`
# over a database built by an older commit (UPGRADE_FROM, default the first commit that had
# deploy/; override with UPGRADE_FROM=<commit>).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
PORT=${OPS_CHECK_PORT:-18731}
UPGRADE_FROM=${UPGRADE_FROM:-74b7dbe}
WORK=$(mktemp -d /tmp/rutan-ops-check.XXXXXX)
PREFIX=$WORK/prefix
VENV=$PREFIX/opt/rutan/venv
ENV_FILE=$PREFIX/etc/rutan/rutan.env
MANAGE=$PREFIX/usr/local/bin/rutan-manage
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "ops-check: $*" >&2; [ -f "$WORK/gunicorn.log" ] && tail -n 40 "$WORK/gunicorn.log" >&2; exit 1; }

# start_server [VAR=VALUE ...]: gunicorn of the installed copy with its environment file.
start_server() {
  (
    set -a; . "$ENV_FILE"; set +a
    for assignment in "$@"; do export "${assignment?}"; done
    cd "$PREFIX/var/lib/rutan"
    exec "$VENV/bin/gunicorn" --config python:rutan.gunicorn_config --workers 2 rutan.wsgi
  ) >"$WORK/gunicorn.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 60); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/favicon.ico" && return 0
    sleep 0.5
  done
  fail "gunicorn did not start"
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }
status_of() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$1"; }
expect() { # expect STATUS PATH
  local got; got=$(status_of "$2")
  [ "$got" = "$1" ] || fail "GET $2 answered $got, expected $1"
  echo "GET $2 -> $got"
}

# The deployment commands of the README and of docs/deployment.md, exactly; this script runs each
# of them (below, marked "README:"). Change both together: the check fails on any difference.
README_COMMANDS='sudo apt-get update
sudo apt-get install -y git python3.11-venv npm postgresql nginx
sudo git clone REPOSITORY_URL /opt/rutan/src
sudo /opt/rutan/src/deploy/install.sh --host pembinaan.rutanmagetan.go.id
sudo rutan-manage createsuperuser'
# shell blocks of a Markdown section (FILE HEADING), comments and blank lines dropped.
commands_in() {
  awk -v heading="$2" 'index($0, heading) == 1 {s = 1; next} s && /^## / {exit}
    s && /^```sh/ {b = 1; next} b && /^```/ {b = 0; next} b' "$1" |
    sed 's/[[:space:]]*#.*$//' | grep -v '^$'
}
echo "-- the README's deployment commands are the ones this script runs"
[ "$(commands_in "$SRC/README.md" '## Deployment')" = "$README_COMMANDS" ] \
  || fail "README.md's deployment commands differ from README_COMMANDS in deploy/ci-check.sh"
[ "$(commands_in "$SRC/docs/deployment.md" '## Install')" = "$README_COMMANDS" ] \
  || fail "docs/deployment.md's install commands differ from README_COMMANDS in deploy/ci-check.sh"

# README: apt-get update / apt-get install: what install.sh needs from those packages (in a
# prefix it uses neither PostgreSQL nor nginx).
for tool in git npm python3.11; do command -v "$tool" >/dev/null || fail "$tool is missing"; done
python3.11 -m venv --help >/dev/null || fail "python3.11-venv is missing"
# README: git clone: this checkout is the clone.
echo "-- README: install.sh --host … into $PREFIX (no systemd; own port)"
"$SRC/deploy/install.sh" --prefix "$PREFIX" --host pembinaan.rutanmagetan.go.id --bind "127.0.0.1:$PORT" >"$WORK/install.log" 2>&1 \
  || { tail -n 40 "$WORK/install.log"; fail "install.sh failed"; }
# README: rutan-manage createsuperuser (as the operator, but without the questions).
DJANGO_SUPERUSER_PASSWORD="ops-check-$RANDOM-$RANDOM" "$MANAGE" createsuperuser --noinput \
  --username admin --email admin@example.invalid >/dev/null || fail "createsuperuser failed"
"$MANAGE" shell -c "from rutan.models import User; assert User.objects.get(username='admin').is_superuser" \
  >/dev/null || fail "the first admin was not created"
[ -f "$VENV/share/rutan-pembinaan-kesenian/templates/base.html" ] || fail "templates not installed"
! "$VENV/bin/python" -c 'import rutan, sys; sys.exit(rutan.__file__.startswith("'"$SRC"'"))' \
  || fail "the venv imports the checkout, not the installed copy"

echo "-- the installed copy serves"
start_server
expect 200 /
expect 200 /masuk/
static=$(curl -s "http://127.0.0.1:$PORT/" | grep -o '/static/css/app\.[0-9a-f]*\.css' | head -n 1)
[ -n "$static" ] || fail "no hashed static URL on the home page"
expect 200 "$static"
expect 301 /favicon.ico
expect 200 "$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$PORT/favicon.ico" | sed 's|^http://[^/]*||')"
expect 200 /healthz
curl -s "http://127.0.0.1:$PORT/healthz" | grep -q '"status": "ok"' || fail "healthz body"
grep -q 'gunicorn.access: .*"GET / HTTP/1.1" 200' "$WORK/gunicorn.log" || fail "no access log line"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\+0700 ' "$WORK/gunicorn.log" || fail "log lines lack the +0700 timestamp"
stop_server

echo "-- /healthz with the database unreachable"
start_server DATABASE_URL=postgres://rutan@127.0.0.1:9/rutan
expect 503 /healthz
curl -s "http://127.0.0.1:$PORT/healthz" | grep -q '"status": "gagal"' || fail "healthz body when failing"
stop_server

echo "-- backup and restore with the installed copy"
echo "lampiran" >"$PREFIX/var/lib/rutan/private/uji.txt"
"$MANAGE" backup >/dev/null
archive=$(ls "$PREFIX"/var/lib/rutan/backups/rutan-backup-*.tar.gz)
rm "$PREFIX/var/lib/rutan/private/uji.txt"
# The database holds the first admin: restore refuses to overwrite it unless told.
! "$MANAGE" restore "$archive" >/dev/null 2>&1 || fail "restore overwrote a database in use without --force"
"$MANAGE" restore --force "$archive"
[ "$(cat "$PREFIX/var/lib/rutan/private/uji.txt")" = lampiran ] || fail "restored file differs"
"$MANAGE" shell -c "from rutan.models import User; assert User.objects.get(username='admin').is_superuser" \
  >/dev/null || fail "the restored database lacks the admin"

echo "-- the upgrade (docs/operations.md): backup, then install.sh again, which keeps the environment file"
secret=$(grep '^SECRET_KEY=' "$ENV_FILE")
"$MANAGE" backup >/dev/null || fail "the backup before the upgrade failed"
"$SRC/deploy/install.sh" --prefix "$PREFIX" >"$WORK/upgrade.log" 2>&1 || { tail -n 40 "$WORK/upgrade.log"; fail "second install.sh failed"; }
[ "$(grep '^SECRET_KEY=' "$ENV_FILE")" = "$secret" ] || fail "the upgrade replaced the environment file"

echo "-- migrate a database built by commit $UPGRADE_FROM"
mkdir "$WORK/old"
git -C "$SRC" archive "$UPGRADE_FROM" | tar -x -C "$WORK/old"
old_db="sqlite:///$WORK/old.sqlite3"
(cd "$WORK/old" && DEBUG=true DATABASE_URL=$old_db PRIVATE_MEDIA_ROOT=$WORK/old-private \
  "$VENV/bin/python" manage.py migrate --noinput >"$WORK/old.log" 2>&1 &&
  DEBUG=true DATABASE_URL=$old_db PRIVATE_MEDIA_ROOT=$WORK/old-private \
  "$VENV/bin/python" manage.py seed_demo >>"$WORK/old.log" 2>&1) \
  || { tail -n 40 "$WORK/old.log"; fail "building the database at $UPGRADE_FROM failed"; }
(
  set -a; . "$ENV_FILE"; set +a
  export DATABASE_URL=$old_db
  cd "$WORK"
  "$VENV/bin/python" -m django migrate --noinput >/dev/null
  "$VENV/bin/python" -m django migrate --check >/dev/null
  "$VENV/bin/python" -m django shell -c \
    "from rutan.models import User; assert User.objects.filter(username='petugas').exists()" >/dev/null
) || fail "migrating the older database failed"
echo "ops-check: all passed"
