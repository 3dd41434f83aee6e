# Sourced by `make test` and `make bench`: choose the database the tests run on.
#   1. DATABASE_URL, when set (in the environment, or in .env);
#   2. otherwise the compose database (POSTGRES_PASSWORD in .env, 127.0.0.1:${DB_PORT:-5433}),
#      or a PostgreSQL on localhost:5432 (user postgres, no password), whichever answers;
#   3. otherwise SQLite, with a plain explanation (PostgreSQL-only tests are skipped).
# Under CI=true a missing PostgreSQL is an error, never a fallback.
# .ci/find_test_database.py prints which database it chose and why.
if found_url="$(DATABASE_URL="${DATABASE_URL:-}" .venv/bin/python .ci/find_test_database.py)"; then
  export DATABASE_URL="$found_url"
elif [ "${CI:-}" = "true" ]; then
  echo "CI: no PostgreSQL let the tests in (see above), and DATABASE_URL is not set." >&2
  echo "CI runs the suite on PostgreSQL only; start it, or set DATABASE_URL, first." >&2
  return 1 2>/dev/null || exit 1
else
  echo "No PostgreSQL let the tests in (see above), so they run on SQLite for now;" >&2
  echo "PostgreSQL-only tests will be skipped. To use PostgreSQL, either set" >&2
  echo "  DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/reframe   (shell or .env)" >&2
  echo "or start the compose database:  docker compose up -d db   (see README)." >&2
  export DATABASE_URL="sqlite:///$(pwd)/.test-db.sqlite3"
  echo "Tests use database: $DATABASE_URL" >&2
fi
unset found_url
# Tests never see a real secret; production must set its own.
export SECRET_KEY="${SECRET_KEY:-insecure-key-used-only-by-the-test-suite-0123456789abcdef}"
# The test server speaks plain HTTP (live_server, the browser tests).
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-0}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-0}"
