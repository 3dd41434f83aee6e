"""Read a job posting's page from the web without letting anyone reach our own network.

A link a person pastes is a request our server makes on their behalf, so it must not be
a way into the machines around it (server-side request forgery). The rules:

- only http and https, only ports 80 and 443, no user name or password in the link;
- the host is resolved once; every address it resolves to must be public (private,
  loopback, link-local incl. 169.254.169.254, multicast, reserved, shared, unspecified,
  IPv4 and IPv6, and IPv4 hidden in IPv6 forms such as ``::ffff:10.0.0.1``);
- the connection goes to the checked address itself (the TLS name and Host header stay
  the host's), so a second DNS answer can't swap in a private address;
- at most 3 redirects, each checked like the first link;
- 5 seconds for everything, 2 MB at most, and only an HTML page is accepted;
- no cookies or credentials are sent, and each person may read a few pages a minute.

Tests serve postings from a local server; ``REFRAME_FETCH_TEST_ORIGINS`` names such an
origin, and only that exact origin is exempt from the address and port rules.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.core.cache import cache

MAX_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 5.0
MAX_REDIRECTS = 3
ALLOWED_PORTS = {80, 443}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TOO_SLOW = "That site took too long to answer. You can fill in the form by hand."
USER_AGENT = "Reframe posting reader (saves a job ad for the person who pasted its link)"

# IPv6 prefixes that carry an IPv4 address inside; the inner address is checked too.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")


class FetchError(Exception):
    """The page could not be read; the message is what the person sees."""


@dataclass(frozen=True)
class FetchedPage:
    url: str  # where the page was finally read, after redirects
    html: str


def is_public_address(address: str) -> bool:
    """True only for an address on the public internet, whatever form it is written in."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    inner: ipaddress.IPv4Address | None = None
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            inner = ip.ipv4_mapped
        elif ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif ip.sixtofour is not None:
            inner = ip.sixtofour
        elif ip.teredo is not None:
            inner = ip.teredo[1]
    for candidate in filter(None, (ip, inner)):
        if (
            not candidate.is_global
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_loopback
            or candidate.is_link_local
            or candidate.is_private
            or candidate.is_unspecified
        ):
            return False
    return True


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (a seam the tests replace)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _resolve_within(host: str, port: int, seconds: float) -> list[str]:
    # getaddrinfo has no timeout of its own; a slow resolver must not hold the request.
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(resolve, host, port).result(timeout=max(seconds, 0.01))
    except concurrent.futures.TimeoutError as error:
        raise FetchError(
            "That site took too long to answer. You can fill in the form by hand."
        ) from error
    except (OSError, UnicodeError) as error:
        raise FetchError("We couldn't find that site. Check the link for typos.") from error
    finally:
        pool.shutdown(wait=False)


def _origin(scheme: str, host: str, port: int) -> str:
    return f"{scheme}://{host}:{port}"


def _is_test_origin(scheme: str, host: str, port: int) -> bool:
    allowed = getattr(settings, "REFRAME_FETCH_TEST_ORIGINS", []) or []
    return _origin(scheme, host, port) in {o.rstrip("/") for o in allowed}


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


def check_link(url: str, *, seconds: float = TIMEOUT_SECONDS) -> _Target:
    """Check one link against the rules and pick the address to connect to."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchError("That doesn't look like a web address.") from error
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError("Only web addresses starting with http:// or https:// can be read.")
    try:
        # International names go on the wire in their ASCII (IDNA) form.
        host = (parts.hostname or "").rstrip(".").encode("idna").decode("ascii")
    except UnicodeError as error:
        raise FetchError("That doesn't look like a web address.") from error
    if not host:
        raise FetchError("That doesn't look like a web address.")
    if parts.username is not None or parts.password is not None:
        raise FetchError("Links with a user name or password in them can't be read.")
    port = port or (443 if scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # Letters outside ASCII (and spaces) are sent percent-encoded, as a browser would.
    path = quote(path, safe="/?&=%:@!$'()*+,;~-._#[]")
    if _is_test_origin(scheme, host, port):
        return _Target(scheme, host, port, path, _resolve_within(host, port, seconds)[0])
    if port not in ALLOWED_PORTS:
        raise FetchError("Only ordinary web addresses (ports 80 and 443) can be read.")
    addresses = _resolve_within(host, port, seconds)
    if not addresses or not all(is_public_address(a) for a in addresses):
        raise FetchError("That address points inside a private network, so Reframe won't open it.")
    return _Target(scheme, host, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address; the Host header still names the site."""

    def __init__(self, target: _Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the site's name, not the address."""

    def __init__(self, target: _Target, timeout: float):
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return "utf-8"


def fetch_page(
    url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES
) -> FetchedPage:
    """Read an HTML page by the rules above, or raise FetchError with a plain message."""
    deadline = time.monotonic() + timeout

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(TOO_SLOW)
        return left

    for _hop in range(MAX_REDIRECTS + 1):
        target = check_link(url, seconds=remaining())
        connection_class = (
            _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
        )
        connection = connection_class(target, timeout=remaining())
        # Socket timeouts count per read, so a server trickling a byte at a time could
        # outlast them; the watchdog shuts the connection when the deadline comes.
        watchdog = threading.Timer(remaining(), _shut, args=(connection,))
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.request(
                "GET",
                target.path,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml;q=0.9",
                    "Accept-Encoding": "identity",
                },
            )
            response = connection.getresponse()
            remaining()  # a watchdog shutdown can look like a short, complete answer
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location", "")
                if not location:
                    raise FetchError("That page sent us elsewhere without saying where.")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(
                    f"That page answered with an error ({response.status}). "
                    "It may have been taken down; you can fill in the form by hand."
                )
            content_type = response.getheader("Content-Type", "")
            if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                raise FetchError("That link isn't a web page (it may be a PDF or a file).")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError("That page is too large to read.")
            body = bytearray()
            # Each read waits at most the time left; the deadline is checked per chunk.
            if connection.sock is not None:
                connection.sock.settimeout(remaining())
            while chunk := response.read1(64 * 1024):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError("That page is too large to read.")
                remaining()
            remaining()
            try:
                html = bytes(body).decode(_charset(content_type), errors="replace")
            except LookupError:
                html = bytes(body).decode("utf-8", errors="replace")
            return FetchedPage(url=url, html=html)
        except (OSError, http.client.HTTPException) as error:
            if time.monotonic() >= deadline or isinstance(error, TimeoutError):
                raise FetchError(TOO_SLOW) from error
            if isinstance(error, ssl.SSLError):
                raise FetchError("That site's secure connection couldn't be checked.") from error
            raise FetchError(
                "We couldn't reach that site. Check the link and try again."
            ) from error
        finally:
            watchdog.cancel()
            connection.close()
    raise FetchError("That link sent us through too many redirects.")


def _shut(connection: http.client.HTTPConnection) -> None:
    # shutdown() wakes a read blocked in another thread; close() alone may not.
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def allow_fetch(user_id: int) -> bool:
    """A per-person limit on page reads (REFRAME_FETCH_PER_MINUTE a minute)."""
    limit = getattr(settings, "REFRAME_FETCH_PER_MINUTE", 10)
    key = f"capture-fetch:{user_id}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=120)
        count = 1
    return count <= limit
