#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the bansos-validate tests.
#
#   source .ci/postgres.sh          # exports BANSOS_TEST_PG_DSN into the calling shell
#   eval "$(bash .ci/postgres.sh)"  # the same from a shell that should not source it
#
# Runs as root on Debian or Ubuntu and is idempotent: it installs the `postgresql` package
# with apt-get when the server binaries are missing, creates (once) a dedicated cluster
# `bansos_test` listening on 127.0.0.1 only, on port 5432 when that is free and otherwise
# on the next free port, starts it when it is down, creates (or updates) the role `bansos`
# and the database `bansos_test`, and exports
#
#   BANSOS_TEST_PG_DSN=postgresql://bansos:PASSWORD@127.0.0.1:PORT/bansos_test
#
# The cluster is separate from any `main` cluster on the machine and is not started at boot
# (`--start-conf=manual`). The password is a fixed test-only one (override it with
# BANSOS_PG_PASSWORD); the server only listens on 127.0.0.1. Other overrides:
# BANSOS_PG_CLUSTER (cluster name), BANSOS_PG_PORT (port for a new cluster).
# Remove the cluster with: pg_dropcluster --stop <version> bansos_test
#
# Sourced, it defines and calls one function and unsets it afterwards, and returns non-zero
# on failure instead of exiting, so a `set -euo pipefail` caller stops there with the
# message on stderr. Timing on a machine with the package installed: about 5 s to create
# and start the cluster, 2-3 s to start it again, 0.3 s when it already runs.

_bansos_pg_setup() {
    local cluster="${BANSOS_PG_CLUSTER:-bansos_test}"
    local password="${BANSOS_PG_PASSWORD:-bansos-ci-only}"
    local role="bansos" database="bansos_test"
    local version port line i

    if [ "$(id -u)" -ne 0 ]; then
        echo "postgres.sh: must run as root (it installs packages and manages a cluster)" >&2
        return 1
    fi
    case "$password" in
        *"'"* | *"@"* | *":"* | *"/"* | *"%"* | *" "*)
            echo "postgres.sh: BANSOS_PG_PASSWORD must not contain ' @ : / % or spaces" >&2
            return 1
            ;;
    esac

    # 1. Server binaries and the Debian cluster tools.
    if ! command -v pg_ctlcluster >/dev/null 2>&1 \
        || ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
        echo "postgres.sh: installing postgresql with apt-get" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null || return 1
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null || return 1
    fi
    version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)"
    if [ -z "$version" ]; then
        echo "postgres.sh: no PostgreSQL server found under /usr/lib/postgresql" >&2
        return 1
    fi

    # 2. The dedicated cluster: reuse it when it exists, otherwise create it on a free port.
    line="$(pg_lsclusters --no-header 2>/dev/null | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c')"
    if [ -n "$line" ]; then
        port="$(awk '{print $3}' <<<"$line")"
    else
        port="${BANSOS_PG_PORT:-}"
        if [ -z "$port" ]; then
            for ((i = 5432; i < 5532; i++)); do
                # Skip ports configured for another cluster, listening on TCP, or with a socket.
                if pg_lsclusters --no-header 2>/dev/null | awk '{print $3}' | grep -qx "$i"; then continue; fi
                if (exec 3<>"/dev/tcp/127.0.0.1/$i") 2>/dev/null; then continue; fi
                if [ -e "/var/run/postgresql/.s.PGSQL.$i" ]; then continue; fi
                port="$i"
                break
            done
        fi
        if [ -z "$port" ]; then
            echo "postgres.sh: no free port in 5432-5531" >&2
            return 1
        fi
        pg_createcluster --quiet --start-conf=manual -p "$port" "$version" "$cluster" \
            -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null || return 1
        # TCP on 127.0.0.1 only; durability is not needed for a test server.
        cat >>"/etc/postgresql/$version/$cluster/postgresql.conf" <<'CONF'
# Added by bansos-validate .ci/postgres.sh (later settings win).
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    fi

    # 3. Start it when it is down, then wait until it accepts connections.
    if ! pg_ctlcluster "$version" "$cluster" status >/dev/null 2>&1; then
        pg_ctlcluster "$version" "$cluster" start || return 1
    fi
    for ((i = 0; i < 60; i++)); do
        pg_isready -q -h 127.0.0.1 -p "$port" && break
        sleep 0.5
    done
    if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
        echo "postgres.sh: server on 127.0.0.1:$port did not become ready" >&2
        return 1
    fi

    # 4. Role and database (idempotent; the password is reset on every run).
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$port" \
        -d postgres >/dev/null <<SQL || return 1
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
        CREATE ROLE $role LOGIN;
    END IF;
END
\$\$;
ALTER ROLE $role WITH LOGIN PASSWORD '$password';
SELECT 'CREATE DATABASE $database OWNER $role'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database') \gexec
SQL

    export BANSOS_TEST_PG_DSN="postgresql://$role:$password@127.0.0.1:$port/$database"
    echo "postgres.sh: PostgreSQL $version cluster $cluster ready;" \
        "BANSOS_TEST_PG_DSN=postgresql://$role:***@127.0.0.1:$port/$database" >&2
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    # Sourced: export into the caller's shell; return (never exit) with the status.
    if _bansos_pg_setup; then
        unset -f _bansos_pg_setup
        return 0
    fi
    unset -f _bansos_pg_setup
    return 1
else
    # Executed: print an export line for `eval`.
    set -uo pipefail
    _bansos_pg_setup || exit $?
    printf 'export BANSOS_TEST_PG_DSN=%q\n' "$BANSOS_TEST_PG_DSN"
fi
