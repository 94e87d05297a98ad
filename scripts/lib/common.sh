# shellcheck shell=bash
# Shared helpers of scripts/run and scripts/test: find (or install) an Odoo 18 runtime,
# start a throwaway PostgreSQL cluster, write an Odoo configuration file.
#
# Odoo runtime lookup order (first that imports Odoo 18 wins):
#   1. $ODOO_PYTHON            a Python interpreter of your choice
#   2. <repo>/.venv/bin/python the repository's own virtualenv
#   3. ~/.venvs/odoo18/bin/python
#   4. python3                 the system interpreter
# When none does, <repo>/.venv (or $MKT_VENV) is created and Odoo 18 is installed into it from
# $ODOO_SOURCE (an archive URL or a local Odoo 18 source tree), by default the official
# 18.0 source release, together with the suite's requirements.txt.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The suite's addons path (DESIGN.md's layout): the capability modules at the repository root,
# marketplace_base and the glue modules in addons/. addons/ comes first: Odoo names the module of a
# file after the first addons folder that holds it, so the root first would file addons/'s
# translatable terms under a module "addons".
SUITE_ADDONS_PATH="$REPO_ROOT/addons,$REPO_ROOT"
ODOO_DEFAULT_SOURCE="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 2; }

is_odoo18() {
    [ -n "$1" ] && command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || return 1
    "$1" - <<'PY' >/dev/null 2>&1
import odoo.release as r
assert r.version_info[0] == 18
PY
}

has_suite_requirements() {
    "$1" - <<'PY' >/dev/null 2>&1
import pytest, pytest_odoo, websocket, phonenumbers, freezegun, hypothesis  # noqa: F401
import importlib.util
assert importlib.util.find_spec("odoo.addons.queue_job"), "OCA queue_job"
import pkg_resources
pkg_resources.require("gevent")  # Odoo's websocket process (requirements.txt: the zope pins)
PY
}

find_odoo_python() {
    local candidate
    for candidate in "${ODOO_PYTHON:-}" "$REPO_ROOT/.venv/bin/python" "$HOME/.venvs/odoo18/bin/python" python3; do
        [ -n "$candidate" ] || continue
        if is_odoo18 "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# Installs Odoo 18 and the suite's requirements into <repo>/.venv.
bootstrap_odoo() {
    local base_python venv src work
    base_python=""
    for candidate in python3.11 python3.12 python3.10 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" - <<'PY' >/dev/null 2>&1
import sys
assert (3, 10) <= sys.version_info[:2] <= (3, 12)
PY
        then base_python="$candidate"; break; fi
    done
    [ -n "$base_python" ] || die "No Python 3.10-3.12 found: Odoo 18 needs one. Install python3.11, or set ODOO_PYTHON to a Python that imports Odoo 18."
    venv="${MKT_VENV:-$REPO_ROOT/.venv}"
    src="${ODOO_SOURCE:-$ODOO_DEFAULT_SOURCE}"
    say "No Odoo 18 runtime found: creating $venv with $base_python and installing Odoo 18 from $src"
    "$base_python" -m venv "$venv" || die "Could not create $venv (is the python3-venv package installed?)"
    work="$(mktemp -d)"
    if [ -d "$src" ]; then
        cp -a "$src" "$work/odoo" || die "Could not copy the Odoo source tree $src"
    else
        say "Downloading $src"
        if ! curl -fsSL --retry 2 -o "$work/odoo.tar.gz" "$src"; then
            rm -rf "$work"
            die "Could not download the Odoo 18 source ($src): no network? Set ODOO_SOURCE to a local Odoo 18 source tree or archive, or ODOO_PYTHON to a Python that imports Odoo 18."
        fi
        mkdir -p "$work/odoo" && tar -xzf "$work/odoo.tar.gz" -C "$work/odoo" --strip-components=1 \
            || die "$src is not an Odoo source archive"
    fi
    [ -f "$work/odoo/requirements.txt" ] && [ -d "$work/odoo/odoo/addons" ] || die "$src does not look like an Odoo 18 source tree (no requirements.txt or odoo/addons)"
    # The suite never depends on Enterprise-licensed modules: keep them out of the runtime.
    "$base_python" "$REPO_ROOT/scripts/lib/drop_enterprise_modules.py" "$work/odoo" || die "Could not prepare the Odoo source tree"
    local pip="$venv/bin/pip"
    say "Installing Odoo's pinned requirements (needs libpq-dev, libldap2-dev, libsasl2-dev and a C compiler)"
    "$pip" install -q -U pip "setuptools<70" wheel || die "pip could not reach the package index"
    # cbor2 5.4.2 does not build on recent toolchains; 5.4.6 is API-compatible and has a wheel.
    sed -e 's/^cbor2==5\.4\.2/cbor2==5.4.6/' "$work/odoo/requirements.txt" > "$work/requirements.txt"
    "$pip" install -q --no-build-isolation -r "$work/requirements.txt" \
        || die "Installing Odoo's requirements failed (on Debian: apt-get install libpq-dev libldap2-dev libsasl2-dev python3-dev)"
    "$pip" install -q --no-build-isolation "$work/odoo" || die "Installing Odoo itself failed"
    "$pip" install -q -r "$REPO_ROOT/requirements.txt" || die "Installing the suite's requirements failed"
    rm -rf "$work"
    ODOO_PY="$venv/bin/python"
}

ensure_odoo() {
    if ODOO_PY="$(find_odoo_python)"; then
        say "Odoo 18 runtime: $ODOO_PY"
    else
        bootstrap_odoo
    fi
    if ! has_suite_requirements "$ODOO_PY"; then
        say "Installing the suite's Python requirements into the Odoo runtime"
        "$ODOO_PY" -m pip install -q -r "$REPO_ROOT/requirements.txt" || die "Could not install requirements.txt into $ODOO_PY"
    fi
    export ODOO_PY
}

# ensure_pdf_tools: wkhtmltopdf, which Odoo needs for every PDF (an order's confirmation e-mail
# attaches one: without it a paid order is not even confirmed), and pdftotext, which the tests use
# to read PDFs back. Installs Debian's packages when missing (as root); otherwise says what to install.
ensure_pdf_tools() {
    local need=()
    command -v wkhtmltopdf >/dev/null 2>&1 || need+=(wkhtmltopdf)
    command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
    [ ${#need[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing ${need[*]} (Debian packages)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1; } \
            || true
    fi
    command -v wkhtmltopdf >/dev/null 2>&1 || say "WARNING: wkhtmltopdf is missing: Odoo cannot print PDFs, and a paid order whose confirmation e-mail attaches one is not confirmed. Install it (Debian: apt-get install wkhtmltopdf; elsewhere https://wkhtmltopdf.org/downloads.html)."
    command -v pdftotext >/dev/null 2>&1 || say "WARNING: pdftotext is missing (Debian: apt-get install poppler-utils): the tests that read PDFs back fail."
}

find_pg_bin() {
    local dir
    if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN"; return 0; fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r) /usr/local/pgsql/bin /usr/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    done
    return 1
}

# Runs a PostgreSQL binary; as root, as the postgres system user (initdb and postgres refuse root).
pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# suite_modules: the suite's modules (every folder of the addons path with a manifest), comma-separated.
suite_modules() {
    local dir m list=""
    for dir in "$REPO_ROOT" "$REPO_ROOT/addons"; do
        for m in "$dir"/*/__manifest__.py; do
            [ -f "$m" ] || continue
            m="${m%/__manifest__.py}"
            list="$list${m##*/},"
        done
    done
    echo "${list%,}"
}

# suite_module_dirs: the same modules as paths relative to the repository (for pytest).
suite_module_dirs() {
    local m
    for m in $(suite_modules | tr , ' '); do
        if [ -d "$REPO_ROOT/$m" ]; then echo "$m"; else echo "addons/$m"; fi
    done
}

# start_pg DIR: a throwaway cluster in DIR, reachable on a Unix socket in DIR, role "odoo".
start_pg() {
    local dir="$1" bin
    bin="$(find_pg_bin)" || die "PostgreSQL server binaries (initdb, pg_ctl) not found. Install PostgreSQL 15 or newer (Debian: apt-get install postgresql), or set PG_BIN to their folder."
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "Running as root needs the 'postgres' system user to own the test cluster (it comes with Debian's postgresql package)."
        chown postgres "$dir"
    fi
    chmod 755 "$dir"
    say "Starting a throwaway PostgreSQL ($bin) in $dir"
    pg_as_owner "$bin/initdb" -U odoo -A trust -E UTF8 --locale=C -D "$dir/data" >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" start >/dev/null \
        || { cat "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }
    PG_DIR="$dir"; PG_BIN_DIR="$bin"
    export PG_DIR PG_BIN_DIR
}

# pg_cluster_dir DIR: where to keep a cluster meant for DIR. As root the cluster runs as the
# postgres user, which cannot reach DIR inside a private folder (a clone in root's home, mode
# 700): the cluster then goes to a folder of the postgres user's own, one per repository.
pg_cluster_dir() {
    local dir="$1" home alt
    mkdir -p "$dir"
    if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$dir" 2>/dev/null; then
        echo "$dir"; return 0
    fi
    home="$(getent passwd postgres | cut -d: -f6)"
    [ -n "$home" ] && [ -d "$home" ] || home=/var/tmp
    alt="$home/marketplace/$(printf '%s' "$REPO_ROOT" | md5sum | cut -c1-12)"
    mkdir -p "$alt" && chown postgres "$alt" "$home/marketplace" || die "Could not create $alt for the PostgreSQL cluster"
    say "The postgres user cannot reach $dir: the cluster is kept in $alt"
    echo "$alt"
}

# open_pg DIR: the cluster kept in DIR between runs, started (created the first time).
open_pg() {
    local dir="$1" bin
    if [ ! -d "$dir/data" ]; then
        start_pg "$dir"
        return 0
    fi
    bin="$(find_pg_bin)" || die "PostgreSQL server binaries (initdb, pg_ctl) not found. Install PostgreSQL 15 or newer (Debian: apt-get install postgresql), or set PG_BIN to their folder."
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    say "Starting PostgreSQL in $dir"
    pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-k $dir -c listen_addresses=''" start >/dev/null || die "PostgreSQL did not start (see $dir/postgres.log)"
    PG_DIR="$dir"; PG_BIN_DIR="$bin"
    export PG_DIR PG_BIN_DIR
}

stop_pg() {
    [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] || return 0
    pg_as_owner "$PG_BIN_DIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
}

# write_odoo_conf FILE DB_HOST DB_NAME DATA_DIR [extra lines...]
# An existing PostgreSQL server may be used instead of a throwaway one (the docker test service
# does): MKT_PG_HOST, MKT_PG_PORT, MKT_PG_USER, MKT_PG_PASSWORD.
write_odoo_conf() {
    local file="$1" host="$2" db="$3" data="$4"; shift 4
    {
        echo "[options]"
        echo "addons_path = $SUITE_ADDONS_PATH"
        echo "data_dir = $data"
        echo "db_host = ${MKT_PG_HOST:-$host}"
        echo "db_port = ${MKT_PG_PORT:-5432}"
        echo "db_user = ${MKT_PG_USER:-odoo}"
        echo "db_password = ${MKT_PG_PASSWORD:-False}"
        echo "db_name = $db"
        echo "dbfilter = ^$db\$"
        echo "list_db = False"
        echo "without_demo = False"
        for line in "$@"; do echo "$line"; done
    } > "$file"
}

# start_proxy DIR PORT ODOO_ADDR WEBSOCKET_ADDR: nginx on PORT in front of a local Odoo (the same
# routes as config/nginx.conf), its files in DIR. Installs Debian's nginx when missing (as root).
start_proxy() {
    local dir="$1" port="$2" odoo="$3" websocket="$4" nginx
    nginx="$(command -v nginx || echo /usr/sbin/nginx)"
    if [ ! -x "$nginx" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing nginx (Debian package)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 \
            || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null 2>&1
    fi
    [ -x "$nginx" ] || die "nginx is needed in front of Odoo's workers (Debian: apt-get install nginx-light)."
    mkdir -p "$dir/logs" "$dir/tmp"
    sed -e "s#server odoo:8069;#server $odoo;#" -e "s#server odoo:8072;#server $websocket;#" \
        -e "s#listen 80;#listen $port;#" "$REPO_ROOT/config/nginx.conf" > "$dir/site.conf"
    cat > "$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log $dir/logs/access.log;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $dir/site.conf;
}
CONF
    "$nginx" -p "$dir" -c "$dir/nginx.conf" -t >/dev/null 2>&1 || "$nginx" -p "$dir" -c "$dir/nginx.conf" -t || die "nginx refused $dir/nginx.conf"
    "$nginx" -p "$dir" -c "$dir/nginx.conf" || die "nginx did not start (see $dir/logs/error.log)"
    PROXY_DIR="$dir"
    export PROXY_DIR
}

stop_proxy() {
    [ -n "${PROXY_DIR:-}" ] && [ -f "$PROXY_DIR/nginx.pid" ] || return 0
    kill "$(cat "$PROXY_DIR/nginx.pid")" 2>/dev/null || true
}
