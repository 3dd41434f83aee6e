# Sourced by `make test` and `make bench`: choose the database the tests run on.
#   1. DATABASE_URL, when set;
#   2. otherwise PostgreSQL on localhost:5432 when one answers;
#   3. otherwise SQLite, with a plain explanation (PostgreSQL-only tests are skipped).
# Under CI=true a missing PostgreSQL is an error, never a fallback.
if [ -z "${DATABASE_URL:-}" ]; then
  if .venv/bin/python - <<'PY' 2>/dev/null
import psycopg
psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
PY
  then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/reframe"
  elif [ "${CI:-}" = "true" ]; then
    echo "CI: no PostgreSQL answers on 127.0.0.1:5432 and DATABASE_URL is not set." >&2
    echo "CI runs the suite on PostgreSQL only; start it before running the tests." >&2
    return 1 2>/dev/null || exit 1
  else
    echo "No PostgreSQL found on localhost:5432 and DATABASE_URL is not set." >&2
    echo "Start one with:  docker compose up -d db   (then run make test again)." >&2
    echo "Running on SQLite for now; PostgreSQL-only tests will be skipped." >&2
    export DATABASE_URL="sqlite:///$(pwd)/.test-db.sqlite3"
  fi
fi
echo "Tests use database: ${DATABASE_URL%%@*}@…" | sed 's#//[^@]*@…#//…#' >&2
# Tests never see a real secret; production must set its own.
export SECRET_KEY="${SECRET_KEY:-insecure-key-used-only-by-the-test-suite-0123456789abcdef}"
# The test server speaks plain HTTP (live_server, the browser tests).
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-0}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-0}"
