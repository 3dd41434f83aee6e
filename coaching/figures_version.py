"""The figures version: database triggers that give a person a new token on every write.

The progress report and the caseload figures are cached per person under
`FiguresVersion.token` (coaching.figures_cache), and the calendar feed's version is made
from it (rejections.views.calendar). For that to be safe, the token must change with
*every* write to the rows those are computed from, whichever code path makes it: a
service, the CSV import, the admin, a `bulk_create` or `queryset.update()`, the demo
data, account deletion, raw SQL. So the database does it, not Python:

- PostgreSQL: one statement-level trigger per table and kind of write (insert, update,
  delete), reading the statement's transition tables, so a 10,000-row insert moves the
  token once, not once per row; and at most once per transaction (`bumped_in` and
  `updated_at` hold the id and the start of the transaction that last moved it; a reader
  inside that transaction does not cache).
  Tokens are locked in person order, so two statements touching the same people cannot
  deadlock on them.
- SQLite (local development only): the same triggers, row by row (SQLite has no
  statement-level triggers, and no transaction ids: every write moves the token), so the
  app behaves the same there.

A new token is random, never a counter: a write that is rolled back may already have
cached figures under its token, and a counter would hand that number out again.

The triggers are installed by the migration that creates the table, and again after every
`migrate` (post_migrate), because SQLite rebuilds a table to alter it, which drops the
table's triggers; installing is idempotent.
"""

# The SQL below is built from this module's own constants (table, column and trigger
# names); no value from a request or a row ever reaches it.
# ruff: noqa: S608
from __future__ import annotations

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

VERSION_TABLE = "coaching_figuresversion"
PREFIX = "reframe_figures"
EVENTS = ("insert", "update", "delete")


@dataclass(frozen=True)
class Source:
    """A table the figures read, and how its rows name their person."""

    table: str
    person_column: str  # the column holding the person's id, or the application's id
    via_application: bool = False


# Every table the progress report (coaching.report, coaching.report_interviews), the
# caseload (coaching.caseload, coaching.goals), the calendar feed and the fragments kept by
# `{% keep_until_write %}` read for a person.
# Tests compare this list with the tables those modules query.
SOURCES = (
    Source("rejections_application", "owner_id"),
    Source("rejections_timelineevent", "application_id", via_application=True),
    Source("rejections_outcome", "application_id", via_application=True),
    Source("rejections_offer", "application_id", via_application=True),
    Source("rejections_interview", "owner_id"),
    Source("rejections_followup", "owner_id"),
    Source("rejections_contact", "owner_id"),  # named in the feed's events
    # Which contacts an application names: its page's "Add a person" picker offers the
    # others, and is kept until this person's next write (coaching.templatetags).
    Source("rejections_application_contacts", "application_id", via_application=True),
    Source("coaching_worksheet", "owner_id"),
    Source("coaching_goal", "client_id"),
)
PERSON_TABLE = "coaching_user"


def trigger_name(table: str, event: str) -> str:
    return f"{PREFIX}_{table}_{event}"


def trigger_names() -> list[str]:
    names = [trigger_name(s.table, e) for s in SOURCES for e in EVENTS]
    return [*names, trigger_name(PERSON_TABLE, "insert")]


# --- PostgreSQL ----------------------------------------------------------------------

PG_NEW_TOKEN = "floor(random() * 9.0e18)::bigint"


def _pg_people(source: Source, event: str) -> str:
    tables = {"insert": ["new_rows"], "delete": ["old_rows"], "update": ["new_rows", "old_rows"]}
    column = source.person_column
    ids = " UNION ".join(f"SELECT {column} FROM {t}" for t in tables[event])
    if source.via_application:
        return f"SELECT owner_id FROM rejections_application WHERE id IN ({ids})"
    return ids


def _pg_statements(source: Source, event: str) -> tuple[str, str]:
    name = trigger_name(source.table, event)
    # Once per transaction and person: updating one row again and again in a transaction
    # costs more each time (PostgreSQL walks the row's chain of versions), so a 10,000-row
    # import written row by row would take minutes. Readers never cache from inside a
    # transaction that moved the token (see figures_cache), so one move is enough.
    # "This transaction" is its id together with its start (now()): an id alone can come
    # round again, as after a dump is restored into a new cluster, whose ids start low,
    # and a write must never be taken for one its transaction already counted.
    function = f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            UPDATE {VERSION_TABLE}
            SET token = {PG_NEW_TOKEN}, bumped_in = txid_current(), updated_at = now()
            WHERE person_id IN (
                SELECT person_id FROM {VERSION_TABLE}
                WHERE person_id IN ({_pg_people(source, event)})
                AND (bumped_in, updated_at) IS DISTINCT FROM (txid_current(), now())
                ORDER BY person_id FOR UPDATE
            );
            RETURN NULL;
        END
        $body$
    """
    referencing = {
        "insert": "NEW TABLE AS new_rows",
        "delete": "OLD TABLE AS old_rows",
        "update": "NEW TABLE AS new_rows OLD TABLE AS old_rows",
    }[event]
    trigger = (
        f"CREATE TRIGGER {name} AFTER {event.upper()} ON {source.table} "
        f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )
    return function, trigger


def _pg_person_statements() -> tuple[str, str]:
    name = trigger_name(PERSON_TABLE, "insert")
    function = f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            INSERT INTO {VERSION_TABLE} (person_id, token, bumped_in, created_at, updated_at)
            SELECT id, {PG_NEW_TOKEN}, txid_current(), now(), now() FROM new_rows
            ON CONFLICT (person_id) DO NOTHING;
            RETURN NULL;
        END
        $body$
    """
    trigger = (
        f"CREATE TRIGGER {name} AFTER INSERT ON {PERSON_TABLE} "
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )
    return function, trigger


def _install_postgresql(cursor) -> None:
    cursor.execute(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
        [PREFIX + "%"],
    )
    existing = {row[0] for row in cursor.fetchall()}
    pairs = [_pg_statements(s, e) for s in SOURCES for e in EVENTS]
    pairs.append(_pg_person_statements())
    for (function, trigger), name in zip(pairs, trigger_names(), strict=True):
        cursor.execute(function)  # replacing a function needs no lock on the table
        if name not in existing:
            cursor.execute(trigger)


def _drop_postgresql(cursor) -> None:
    for name, table in _names_and_tables():
        cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")


# --- SQLite --------------------------------------------------------------------------

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _sqlite_people(source: Source, event: str) -> str:
    rows = {"insert": ["NEW"], "delete": ["OLD"], "update": ["NEW", "OLD"]}[event]
    ids = ", ".join(f"{row}.{source.person_column}" for row in rows)
    if source.via_application:
        return f"SELECT owner_id FROM rejections_application WHERE id IN ({ids})"
    return ids


def _sqlite_statements() -> list[str]:
    statements = [
        f"CREATE TRIGGER IF NOT EXISTS {trigger_name(s.table, e)} AFTER {e.upper()} "
        f"ON {s.table} BEGIN "
        f"UPDATE {VERSION_TABLE} SET token = random(), updated_at = {SQLITE_NOW} "
        f"WHERE person_id IN ({_sqlite_people(s, e)}); END"
        for s in SOURCES
        for e in EVENTS
    ]
    statements.append(
        f"CREATE TRIGGER IF NOT EXISTS {trigger_name(PERSON_TABLE, 'insert')} AFTER INSERT "
        f"ON {PERSON_TABLE} BEGIN "
        f"INSERT OR IGNORE INTO {VERSION_TABLE} (person_id, token, created_at, updated_at) "
        f"VALUES (NEW.id, random(), {SQLITE_NOW}, {SQLITE_NOW}); END"
    )
    return statements


def _names_and_tables() -> list[tuple[str, str]]:
    pairs = [(trigger_name(s.table, e), s.table) for s in SOURCES for e in EVENTS]
    return [*pairs, (trigger_name(PERSON_TABLE, "insert"), PERSON_TABLE)]


# --- Installing ----------------------------------------------------------------------


def install(connection: BaseDatabaseWrapper) -> None:
    """Create whatever trigger is missing, and give every person without a token one."""
    if VERSION_TABLE not in connection.introspection.table_names():
        return  # migrated back before the table existed
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _install_postgresql(cursor)
            cursor.execute(
                f"INSERT INTO {VERSION_TABLE} (person_id, token, created_at, updated_at) "
                f"SELECT id, {PG_NEW_TOKEN}, now(), now() FROM {PERSON_TABLE} "
                "ON CONFLICT (person_id) DO NOTHING"
            )
        elif connection.vendor == "sqlite":
            for statement in _sqlite_statements():
                cursor.execute(statement)
            cursor.execute(
                f"INSERT OR IGNORE INTO {VERSION_TABLE} (person_id, token, created_at, "
                f"updated_at) SELECT id, random(), {SQLITE_NOW}, {SQLITE_NOW} FROM {PERSON_TABLE}"
            )


def drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _drop_postgresql(cursor)
        elif connection.vendor == "sqlite":
            for name, _table in _names_and_tables():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def installed(connection: BaseDatabaseWrapper) -> set[str]:
    """The names of this module's triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [PREFIX + "%"],
            )
        return {row[0] for row in cursor.fetchall()}
