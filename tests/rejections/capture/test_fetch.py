"""The posting reader's safety rules (SSRF): what it refuses, and that it never even connects.

With REFRAME_FETCH_TEST_ORIGINS empty (its value outside tests), every local or private
address is refused. `resolve` is replaced to play a DNS server answering what we like,
and `socket.create_connection` to prove that a refused link never opens a connection.
"""

import ipaddress
import socket
import time

import pytest

from rejections.capture import fetch
from rejections.capture.fetch import FetchError, fetch_page, is_public_address
from tests.posting_server import posting_server  # noqa: F401 - the fixture

REFUSED_ADDRESSES = {
    "loopback": "127.0.0.1",
    "loopback elsewhere in 127/8": "127.45.1.9",
    "private 10/8": "10.0.0.1",
    "private 172.16/12": "172.20.3.4",
    "private 192.168/16": "192.168.1.10",
    "link-local / cloud metadata": "169.254.169.254",
    "shared address space": "100.64.1.1",
    "this network": "0.0.0.0",
    "multicast": "224.0.0.251",
    "reserved": "240.0.0.1",
    "broadcast": "255.255.255.255",
    "documentation": "192.0.2.10",
    "IPv6 loopback": "::1",
    "IPv6 unspecified": "::",
    "IPv6 link-local": "fe80::1",
    "IPv6 link-local with zone": "fe80::1%eth0",
    "IPv6 unique local": "fd12:3456::1",
    "IPv6 multicast": "ff02::1",
    "IPv6 documentation": "2001:db8::1",
    "IPv4-mapped loopback": "::ffff:127.0.0.1",
    "IPv4-mapped metadata": "::ffff:169.254.169.254",
    "IPv4-mapped private": "::ffff:10.0.0.1",
    "NAT64 of a private address": "64:ff9b::a00:1",
    "6to4 of a private address": "2002:a00:1::1",
}


def is_ip_literal(host) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@pytest.fixture(autouse=True)
def no_test_origins(settings):
    settings.REFRAME_FETCH_TEST_ORIGINS = []


@pytest.fixture
def no_connections(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a connection was opened to {args[0]!r}")

    monkeypatch.setattr(fetch.socket, "create_connection", refuse)


def dns_answers(monkeypatch, *addresses):
    calls = []

    def fake_resolve(host, port):
        calls.append((host, port))
        return list(addresses)

    monkeypatch.setattr(fetch, "resolve", fake_resolve)
    return calls


@pytest.mark.parametrize("address", REFUSED_ADDRESSES.values(), ids=REFUSED_ADDRESSES.keys())
def test_dns_answering_a_private_address_is_refused(monkeypatch, no_connections, address):
    dns_answers(monkeypatch, address)
    with pytest.raises(FetchError, match="private network"):
        fetch_page("https://jobs.example.com/posting/1")


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700::1111"])
def test_public_addresses_pass_the_check(address):
    assert is_public_address(address)


def test_one_private_answer_among_public_ones_is_enough_to_refuse(monkeypatch, no_connections):
    dns_answers(monkeypatch, "93.184.216.34", "10.0.0.7")
    with pytest.raises(FetchError, match="private network"):
        fetch_page("https://jobs.example.com/")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:7f00:1]/",
        "http://10.1.2.3/",
    ],
)
def test_private_addresses_written_in_the_link_are_refused(no_connections, url):
    with pytest.raises(FetchError):
        fetch_page(url)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://jobs.example.com/ad.html", "http:// or https://"),
        ("file:///etc/passwd", "http:// or https://"),
        ("javascript:alert(1)", "http:// or https://"),
        ("gopher://jobs.example.com:70/", "http:// or https://"),
        ("https://jobs.example.com:8443/ad", "ports 80 and 443"),
        ("http://jobs.example.com:6379/", "ports 80 and 443"),
        ("https://me:secret@jobs.example.com/ad", "user name or password"),
        ("https://jobs.example.com:99999/", "web address"),
    ],
)
def test_only_plain_web_links_are_read(monkeypatch, no_connections, url, words):
    calls = dns_answers(monkeypatch, "93.184.216.34")
    with pytest.raises(FetchError, match=words):
        fetch_page(url)
    assert calls == []


def test_the_local_test_server_is_refused_when_no_test_setting_allows_it(posting_server, settings):  # noqa: F811
    settings.REFRAME_FETCH_TEST_ORIGINS = []
    with pytest.raises(FetchError, match="private network|ports 80 and 443"):
        fetch_page(posting_server.url("/postings/lever.html"))
    assert posting_server.seen == []


def test_the_connection_goes_to_the_checked_address_without_a_second_lookup(
    monkeypatch,
    posting_server,  # noqa: F811
    settings,
):
    # "posting.test" exists in no DNS: reading it works only if the reader connects to
    # the address it was given and checked, once, and names the host in the request.
    host = f"posting.test:{posting_server.port}"
    settings.REFRAME_FETCH_TEST_ORIGINS = [f"http://{host}"]
    calls = dns_answers(monkeypatch, "127.0.0.1")
    real_getaddrinfo = socket.getaddrinfo

    def numeric_only(host, *args, **kwargs):
        # Connecting to an address literal is fine; looking a name up again is not.
        if not is_ip_literal(host):
            pytest.fail(f"a second DNS lookup was made for {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", numeric_only)
    page = fetch_page(f"http://{host}/postings/lever.html")
    assert "Brightwater" in page.html
    assert calls == [("posting.test", posting_server.port)]
    assert posting_server.seen[0]["headers"]["Host"] == host


def test_a_redirect_to_a_private_address_is_refused(posting_server):  # noqa: F811
    with pytest.raises(FetchError, match="private network"):
        fetch_page(posting_server.url("/to-metadata"))
    assert [hit["path"] for hit in posting_server.seen] == ["/to-metadata"]


def test_three_redirects_are_followed_and_a_fourth_is_not(posting_server):  # noqa: F811
    assert "Brightwater" in fetch_page(posting_server.url("/redirect/3")).html
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_page(posting_server.url("/redirect/4"))


def test_a_redirect_loop_stops(posting_server):  # noqa: F811
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_page(posting_server.url("/loop"))
    assert len(posting_server.seen) == fetch.MAX_REDIRECTS + 1


@pytest.mark.parametrize("path", ["/big", "/big-declared"])
def test_pages_over_the_size_cap_are_refused(posting_server, path):  # noqa: F811
    with pytest.raises(FetchError, match="too large"):
        fetch_page(posting_server.url(path))


def test_a_slow_page_runs_out_of_time(posting_server):  # noqa: F811
    with pytest.raises(FetchError, match="too long"):
        fetch_page(posting_server.url("/slow"), timeout=0.5)


def test_a_page_trickling_byte_by_byte_still_runs_out_of_time(posting_server):  # noqa: F811
    start = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        fetch_page(posting_server.url("/trickle"), timeout=0.8)
    assert time.monotonic() - start < 2


@pytest.mark.parametrize("path", ["/pdf", "/json"])
def test_only_html_is_read(posting_server, path):  # noqa: F811
    with pytest.raises(FetchError, match="isn't a web page"):
        fetch_page(posting_server.url(path))


def test_no_cookies_or_credentials_are_sent(posting_server):  # noqa: F811
    url = posting_server.url("/postings/lever.html")
    fetch_page(url)
    fetch_page(url)  # the first answer set a cookie; it must not come back
    for hit in posting_server.seen:
        names = {name.lower() for name in hit["headers"]}
        assert not names & {"cookie", "authorization", "proxy-authorization"}


def test_the_default_caps_are_those_promised():
    assert fetch.MAX_BYTES == 2 * 1024 * 1024
    assert fetch.TIMEOUT_SECONDS == 5
    assert fetch.MAX_REDIRECTS == 3
    assert {80, 443} == fetch.ALLOWED_PORTS


def test_https_verifies_the_certificate_for_the_sites_name_at_the_checked_address(monkeypatch):
    dns_answers(monkeypatch, "93.184.216.34")
    seen = {}

    def fake_connection(address, timeout=None):
        seen["address"] = address
        return object()

    class FakeContext:
        check_hostname = True
        verify_mode = fetch.ssl.CERT_REQUIRED
        post_handshake_auth = None

        def wrap_socket(self, sock, server_hostname=None):
            seen["server_hostname"] = server_hostname
            raise fetch.ssl.SSLCertVerificationError("certificate verify failed")

    real_context = fetch.ssl.create_default_context()
    assert real_context.check_hostname and real_context.verify_mode == fetch.ssl.CERT_REQUIRED
    monkeypatch.setattr(fetch.socket, "create_connection", fake_connection)
    monkeypatch.setattr(fetch.ssl, "create_default_context", lambda: FakeContext())
    with pytest.raises(FetchError, match="secure connection"):
        fetch_page("https://jobs.example.com/ad/1")
    assert seen == {"address": ("93.184.216.34", 443), "server_hostname": "jobs.example.com"}


def test_international_names_and_paths_are_sent_as_ascii(monkeypatch, posting_server):  # noqa: F811
    page = fetch_page(posting_server.url("/postings/lever.html?q=café über"))
    assert "Brightwater" in page.html
    assert posting_server.seen[0]["path"] == "/postings/lever.html"
    calls = dns_answers(monkeypatch, "10.0.0.1")
    with pytest.raises(FetchError, match="private network"):
        fetch_page("https://bücher.example/stellen/1")
    assert calls == [("xn--bcher-kva.example", 443)]
