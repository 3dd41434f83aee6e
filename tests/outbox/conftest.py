"""The outbox for real: mail queued in the database, sent by the worker, and mail
servers on this machine that accept, refuse, hang or answer with an error."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from outbox.message import OUTBOX_BACKEND

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def outbox_on(settings):
    """Production's mail path: every email becomes a row; the worker sends through
    OUTBOX_TRANSPORT_BACKEND (here memory, so tests can read what went out)."""
    settings.EMAIL_BACKEND = OUTBOX_BACKEND
    settings.EMAIL_OUTBOX = True
    settings.OUTBOX_TRANSPORT_BACKEND = LOCMEM
    settings.SITE_URL = "https://reframe.example.org"
    return settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Handler:
    """aiosmtpd handler: answers DATA with `reply` (250 accepts, 4xx/5xx refuse)."""

    reply: str = "250 2.0.0 Ok: queued"
    received: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        if self.reply.startswith("250"):
            self.received.append(envelope)
        return self.reply


class MailServer:
    """A real SMTP server on 127.0.0.1 (aiosmtpd), started and stopped by the test."""

    def __init__(self, port: int):
        self.port = port
        self.handler = Handler()
        self.controller: Controller | None = None

    def start(self) -> MailServer:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list:
        return self.handler.received


class HangingServer:
    """Accepts TCP connections and never says a word (a mail server that hangs)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self.sock.settimeout(0.1)
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted.append(conn)

    def close(self) -> None:
        self._stop.set()
        self.thread.join(5)
        for conn in self.accepted:
            conn.close()
        self.sock.close()


@pytest.fixture
def smtp_transport(outbox_on):
    """Point the worker's transport at a port on this machine; returns a function that
    sets the port. EMAIL_TIMEOUT is short so a hanging server costs a second, not ten."""

    def point_at(port: int) -> None:
        outbox_on.OUTBOX_TRANSPORT_BACKEND = SMTP
        outbox_on.EMAIL_HOST = "127.0.0.1"
        outbox_on.EMAIL_PORT = port
        outbox_on.EMAIL_USE_TLS = False
        outbox_on.EMAIL_USE_SSL = False
        outbox_on.EMAIL_HOST_USER = ""
        outbox_on.EMAIL_HOST_PASSWORD = ""
        outbox_on.EMAIL_TIMEOUT = 1

    return point_at


@pytest.fixture
def mail_server():
    servers: list[MailServer] = []

    def start(port: int | None = None, reply: str | None = None) -> MailServer:
        server = MailServer(port or free_port())
        if reply:
            server.handler.reply = reply
        servers.append(server.start())
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def hanging_server():
    server = HangingServer()
    yield server
    server.close()
