"""A local web server that serves the saved job postings, for the capture tests.

The posting reader refuses local addresses; the `posting_server` fixture names this
server's origin in REFRAME_FETCH_TEST_ORIGINS for the length of one test, and records
every request it answers so tests can tell whether the reader came at all.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

POSTINGS = Path(__file__).parent / "rejections" / "capture" / "postings"
PLAIN_PAGE = (
    "<!DOCTYPE html><html><head><title>Junior Gardener at Willow Park Trust</title></head>"
    "<body><h1>Junior Gardener</h1><p>Come and grow things.</p></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html", **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = urlsplit(self.path).path
        self.server.seen.append({"path": path, "headers": dict(self.headers.items())})
        if path.startswith("/postings/"):
            file = POSTINGS / Path(path).name
            if file.is_file():
                self._send(200, file.read_bytes(), "text/html; charset=utf-8", Set_Cookie="s=1")
                return
        elif path == "/plain":
            self._send(200, PLAIN_PAGE.encode(), "text/html; charset=utf-8")
            return
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            target = f"/redirect/{left - 1}" if left > 1 else "/postings/lever.html"
            self._send(302, Location=target)
            return
        elif path == "/loop":
            self._send(302, Location="/loop")
            return
        elif path == "/to-private":
            self._send(302, Location="http://10.0.0.1/postings/lever.html")
            return
        elif path == "/to-metadata":
            self._send(301, Location="http://169.254.169.254/latest/meta-data/")
            return
        elif path == "/big":
            # No Content-Length: the reader must stop counting by itself.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65536 + b"</p>"
            try:
                for _ in range(40):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            return
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, PLAIN_PAGE.encode())
            return
        elif path == "/trickle":
            # Headers one byte at a time: every read is quick, the whole is not.
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ")
            try:
                for _ in range(30):
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            return
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4", "application/pdf")
            return
        elif path == "/json":
            self._send(200, b'{"title": "Designer"}', "application/json")
            return
        self._send(404, b"<p>Not here</p>")


class PostingServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.seen = []
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def seen(self) -> list[dict]:
        return self.httpd.seen

    def url(self, path: str) -> str:
        return f"{self.origin}{path}"


@pytest.fixture
def posting_server(settings):
    server = PostingServer()
    server.thread.start()
    settings.REFRAME_FETCH_TEST_ORIGINS = [server.origin]
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
