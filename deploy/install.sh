#!/usr/bin/env bash
# Install or upgrade the Pembinaan Kesenian application from this checkout (docs/operations.md).
#
#   sudo deploy/install.sh --host pembinaan.rutanmagetan.go.id
#
# Idempotent: the first run creates the service user `rutan`, the PostgreSQL role and database,
# the environment file /etc/rutan/rutan.env (with a new SECRET_KEY), the virtualenv
# /opt/rutan/venv (`pip install` of this checkout), runs migrate and collectstatic, installs the
# systemd units, the nginx site and the logrotate rule and starts everything. A later run (after
# `git pull`) keeps the environment file, the nginx site and the database, reinstalls the code,
# migrates, collects the static files and restarts the services: that is the upgrade.
#
# Options:
#   --host NAME          the site's host name (first run; written into the environment file)
#   --database-url URL   use this database instead of creating a local PostgreSQL one
#   --bind ADDR          gunicorn's address (default 127.0.0.1:8001)
#   --prefix DIR         install under DIR (DIR/opt/rutan, DIR/etc/rutan, DIR/var/lib/rutan …)
#                        as the current user, without systemd, nginx or a system user; the
#                        database defaults to SQLite under DIR. CI uses this (deploy/ci-check.sh).
#   --no-systemd         do not install or start units (implied by --prefix)
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=""
HOST=""
DATABASE_URL=""
BIND="127.0.0.1:8001"
SYSTEMD=1
PYTHON=${PYTHON:-python3.11}

while [ $# -gt 0 ]; do
  case "$1" in
    --host) HOST=$2; shift 2 ;;
    --database-url) DATABASE_URL=$2; shift 2 ;;
    --bind) BIND=$2; shift 2 ;;
    --prefix) PREFIX=$(mkdir -p "$2" && cd "$2" && pwd); SYSTEMD=0; shift 2 ;;
    --no-systemd) SYSTEMD=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: pilihan tidak dikenal: $1 (lihat --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s ==\n' "$*"; }

APP=$PREFIX/opt/rutan
VENV=$APP/venv
ETC=$PREFIX/etc/rutan
ENV_FILE=$ETC/rutan.env
STATE=$PREFIX/var/lib/rutan
LOGDIR=$PREFIX/var/log/rutan
MANAGE=$PREFIX/usr/local/bin/rutan-manage
UNITS=$PREFIX/etc/systemd/system

if [ -n "$PREFIX" ]; then
  SERVICE_USER=$(id -un)
else
  SERVICE_USER=rutan
  if [ "$(id -u)" != 0 ]; then
    echo "install.sh: jalankan sebagai root (sudo), atau pakai --prefix DIR untuk uji coba." >&2
    exit 1
  fi
fi
if [ ! -f "$ENV_FILE" ] && [ -z "$HOST" ]; then
  echo "install.sh: pemasangan pertama memerlukan --host NAMA (nama host situs)." >&2
  exit 2
fi

# Run a command as the service user (root installs) or as ourselves (--prefix).
as_user() {
  if [ "$(id -un)" = "$SERVICE_USER" ]; then "$@"; else runuser -u "$SERVICE_USER" -- "$@"; fi
}

# render TEMPLATE DEST: replace the @NAME@ placeholders with the variables of the same name.
render() {
  mkdir -p "$(dirname "$2")"
  USER="$SERVICE_USER" HOST="$HOST" BIND="$BIND" ENV_FILE="$ENV_FILE" STATE_DIR="$STATE" \
  VENV="$VENV" SRC="$SRC" SECRET_KEY="${SECRET_KEY:-}" DATABASE_URL="$DATABASE_URL" \
    "$PYTHON" - "$1" "$2" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"@([A-Z_]+)@", lambda m: os.environ[m.group(1)], text)
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
}

say "Pengguna layanan dan folder"
if [ -z "$PREFIX" ] && ! id "$SERVICE_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$STATE" --shell /usr/sbin/nologin "$SERVICE_USER"
fi
mkdir -p "$APP" "$ETC" "$LOGDIR" "$STATE"/{private,media,static,backups}
chown -R "$SERVICE_USER:" "$STATE"
chmod 750 "$STATE" "$STATE/private" "$STATE/backups"
echo "pengguna $SERVICE_USER, data di $STATE"

say "Paket front-end (npm ci di $SRC)"
if [ ! -f "$SRC/node_modules/.installed" ] || [ "$SRC/package-lock.json" -nt "$SRC/node_modules/.installed" ]; then
  (cd "$SRC" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed)
fi

say "Virtualenv $VENV (pip install $SRC)"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip uninstall --quiet --yes rutan-pembinaan-kesenian >/dev/null 2>&1 || true
"$VENV/bin/python" -m pip install --quiet "$SRC"
rm -rf "$SRC/build"

if [ ! -f "$ENV_FILE" ]; then
  say "Basis data dan berkas lingkungan $ENV_FILE"
  if [ -z "$DATABASE_URL" ] && [ -n "$PREFIX" ]; then
    DATABASE_URL="sqlite:///$STATE/db.sqlite3"
  elif [ -z "$DATABASE_URL" ]; then
    DB_PASSWORD=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(24))')
    psql_admin() { (cd / && runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA "$@"); }
    if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'rutan'")" = 1 ]; then
      psql_admin -c "ALTER ROLE rutan LOGIN PASSWORD '$DB_PASSWORD'"
    else
      psql_admin -c "CREATE ROLE rutan LOGIN PASSWORD '$DB_PASSWORD'"
    fi
    if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'rutan'")" != 1 ]; then
      psql_admin -c "CREATE DATABASE rutan OWNER rutan ENCODING 'UTF8' TEMPLATE template0"
    fi
    DATABASE_URL="postgres://rutan:$DB_PASSWORD@127.0.0.1:5432/rutan"
    echo "basis data PostgreSQL rutan (pemilik rutan) siap"
  fi
  SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
  umask 027
  render "$SRC/deploy/rutan.env.template" "$ENV_FILE"
  umask 022
  chown "root:$SERVICE_USER" "$ENV_FILE" 2>/dev/null || true
  chmod 640 "$ENV_FILE"
  echo "ditulis; ubah pengaturan di sana (mis. server surel), lalu: systemctl restart rutan-web rutan-worker"
else
  echo "$ENV_FILE sudah ada: dipakai apa adanya"
fi

say "Perintah $MANAGE"
render "$SRC/deploy/rutan-manage" "$MANAGE"
chmod 755 "$MANAGE"

say "Migrasi, berkas statis, pemeriksaan"
"$MANAGE" migrate --noinput
"$MANAGE" fill_holidays  # libur nasional tahun ini dan depan (cuti bersama: admin)
"$MANAGE" collectstatic --noinput --verbosity 0
echo "(W008, W012, W016 hilang setelah HTTPS dipasang: lihat docs/deployment.md)"
"$MANAGE" check --deploy

say "Unit systemd, situs nginx, logrotate"
TIMERS=()
for timer in "$SRC"/deploy/systemd/*.timer; do
  job=$(sed -n 's/^Unit=rutan-job@\(.*\)\.service$/\1/p' "$timer")
  if "$MANAGE" help "$job" >/dev/null 2>&1; then
    TIMERS+=("$(basename "$timer")")
    render "$timer" "$UNITS/$(basename "$timer")"
  else
    echo "lewati $(basename "$timer"): perintah $job belum ada di versi ini"
  fi
done
for unit in "$SRC"/deploy/systemd/*.service; do render "$unit" "$UNITS/$(basename "$unit")"; done
# The nginx site is written once: later runs keep the operator's edits (the HTTPS server).
if [ ! -f "$PREFIX/etc/nginx/sites-available/rutan" ]; then
  render "$SRC/deploy/nginx-rutan.conf" "$PREFIX/etc/nginx/sites-available/rutan"
else
  echo "$PREFIX/etc/nginx/sites-available/rutan sudah ada: dipakai apa adanya"
fi
mkdir -p "$PREFIX/etc/logrotate.d"
cp "$SRC/deploy/logrotate-rutan" "$PREFIX/etc/logrotate.d/rutan"
echo "timer: ${TIMERS[*]}"

if [ "$SYSTEMD" = 1 ]; then
  say "Menyalakan layanan"
  ln -sfn ../sites-available/rutan /etc/nginx/sites-enabled/rutan
  rm -f /etc/nginx/sites-enabled/default
  nginx -t
  systemctl daemon-reload
  systemctl enable --now rutan-web.service rutan-worker.service "${TIMERS[@]}" nginx.service
  systemctl restart rutan-web.service rutan-worker.service
  systemctl reload nginx.service
  systemctl --no-pager --lines=0 status rutan-web.service rutan-worker.service || true
fi

say "Selesai"
echo "Buat admin pertama: sudo $MANAGE createsuperuser"
echo "Periksa: curl -s http://127.0.0.1:${BIND##*:}/healthz"
