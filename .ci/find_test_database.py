"""Find the PostgreSQL that `make test` and `make bench` run on; print its URL.

Used by .ci/test-database.sh. Looks, in order, at:
  1. DATABASE_URL in the environment;
  2. DATABASE_URL in .env (the file the app itself reads);
  3. the compose database published on 127.0.0.1:${DB_PORT:-5433}, with the password
     from POSTGRES_PASSWORD (environment or .env);
  4. a PostgreSQL on 127.0.0.1:5432 that lets user postgres in without a password.
Prints the URL on stdout and, on stderr, which database it is and why. Exit status 1
when none answers (the explanation says what was tried and why each failed).
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.parse
from pathlib import Path

import environ
import psycopg


def read_env_file(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    # django-environ's reader writes into os.environ; these simple KEY=VALUE lines are
    # read here instead, so the caller's environment stays as it was.
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return url
    user = parts.username or ""
    netloc = f"{user}@{parts.hostname}:{parts.port or 5432}" if user else parts.netloc
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def try_connect(url: str) -> str | None:
    """None when PostgreSQL at `url` lets us in (to its maintenance database, since the
    tests create their own); else the reason in a few words."""
    config = environ.Env.db_url_config(url)
    try:
        psycopg.connect(
            host=config.get("HOST") or "127.0.0.1",
            port=config.get("PORT") or 5432,
            user=config.get("USER") or "postgres",
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as error:
        message = str(error).strip().splitlines()[-1] if str(error).strip() else repr(error)
        return message
    return None


def find(environment: dict[str, str], env_file: Path) -> tuple[str | None, list[str]]:
    """The URL to use (or None) and the lines that explain the choice."""
    from_file = read_env_file(env_file)
    notes: list[str] = []
    if environment.get("DATABASE_URL"):
        url = environment["DATABASE_URL"]
        return url, [f"Tests use database: {describe(url)} (from DATABASE_URL)."]
    if from_file.get("DATABASE_URL"):
        url = from_file["DATABASE_URL"]
        return url, [f"Tests use database: {describe(url)} (from DATABASE_URL in {env_file})."]

    candidates = []
    password = environment.get("POSTGRES_PASSWORD") or from_file.get("POSTGRES_PASSWORD")
    if password:
        port = environment.get("DB_PORT") or from_file.get("DB_PORT") or "5433"
        user = environment.get("POSTGRES_USER") or from_file.get("POSTGRES_USER") or "reframe"
        quoted = urllib.parse.quote(password, safe="")
        candidates.append(
            (f"postgres://{user}:{quoted}@127.0.0.1:{port}/reframe", "the compose database")
        )
    candidates.append(("postgres://postgres@127.0.0.1:5432/reframe", "PostgreSQL on localhost"))
    for url, what in candidates:
        problem = try_connect(url)
        if problem is None:
            return url, [*notes, f"Tests use database: {describe(url)} ({what})."]
        notes.append(f"Tried {describe(url)} ({what}): {problem}")
    return None, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env-file", type=Path, default=Path(__file__).parent.parent / ".env")
    args = parser.parse_args()
    url, notes = find(dict(os.environ), args.env_file)
    for note in notes:
        print(note, file=sys.stderr)
    if url is None:
        return 1
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
