"""The benchmark's throw-away databases, beside the one DATABASE_URL names (never it).

`<name>_bench` holds the 1/10 size; `<name>_bench_full` is a copy of it (PostgreSQL's
CREATE DATABASE … TEMPLATE) grown to full size. Both stay open at once, so the two
sizes can be measured in interleaved rounds: `use()` points the `default` connection,
which every view queries, at one of them.
"""

from __future__ import annotations

import time

import psycopg
from django.conf import settings
from django.db import connection, connections
from psycopg import sql


class Databases:
    def __init__(self) -> None:
        self.settings = dict(connection.settings_dict)
        self.original = self.settings["NAME"]
        self.small = f"{self.original}_bench"
        self.full = f"{self.original}_bench_full"
        self.wrappers: dict[str, object] = {}
        self.test_settings = dict(self.settings.get("TEST") or {})

    def _maintenance(self) -> psycopg.Connection:
        """A plain connection to the server's `postgres` database, for CREATE/DROP."""
        params = {
            "user": self.settings.get("USER") or None,
            "password": self.settings.get("PASSWORD") or None,
            "host": self.settings.get("HOST") or None,
            "port": self.settings.get("PORT") or None,
        }
        try:
            return psycopg.connect(dbname="postgres", autocommit=True, **params)
        except psycopg.OperationalError:  # no `postgres` database: the person's own one
            return psycopg.connect(dbname=self.original, autocommit=True, **params)

    def create_small(self) -> str:
        """Create and migrate `<name>_bench`, and point `default` at it.

        Django's documented test-database helper does exactly this (named by the TEST
        NAME setting, so it never touches the test suite's `test_<name>`).
        """
        connection.settings_dict.setdefault("TEST", {})["NAME"] = self.small
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        self.wrappers["1/10"] = connections["default"]
        return self.small

    def copy_to_full(self) -> None:
        """`<name>_bench_full` as a copy of the 1/10-size database, with its own connection."""
        small = self.wrappers["1/10"]
        small.close()  # a template database must have no other connections
        with self._maintenance() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(self.full)))
            for attempt in range(10):
                try:
                    admin.execute(
                        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                            sql.Identifier(self.full), sql.Identifier(self.small)
                        )
                    )
                    break
                except psycopg.errors.ObjectInUse:  # autovacuum visiting the source
                    if attempt == 9:
                        raise
                    time.sleep(1)
        self.wrappers["full"] = type(small)({**small.settings_dict, "NAME": self.full}, "default")

    def use(self, label: str) -> None:
        """Point `default` (what every view queries) at the database of one size."""
        connections["default"] = self.wrappers[label]

    def name(self, label: str) -> str:
        return self.small if label == "1/10" else self.full

    def drop(self, *, keep: bool) -> None:
        """Close both connections, point `default` back at the person's own database and
        drop both benchmark databases (unless `keep`). FORCE: a server the benchmark
        started may have left a connection that PostgreSQL has not yet closed."""
        for wrapper in self.wrappers.values():
            wrapper.close()
        if "1/10" in self.wrappers:
            self.use("1/10")
        connection.settings_dict["NAME"] = self.original
        settings.DATABASES["default"]["NAME"] = self.original
        connection.settings_dict["TEST"] = self.test_settings
        if keep:
            return
        with self._maintenance() as admin:
            for name in (self.full, self.small):
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
