"""Container health check: `python -m config.healthcheck` exits 0 when /healthz says ok.

Asks the server on 127.0.0.1 but sends a Host header it accepts (the first name in
ALLOWED_HOSTS): asking for 127.0.0.1 itself would be refused as soon as ALLOWED_HOSTS
holds only the real host name, and the container would be marked unhealthy. Imports no
Django, so it costs little every 30 seconds.
"""

from __future__ import annotations

import http.client
import os
import sys


def host_header(allowed_hosts: str) -> str:
    """A host name that ALLOWED_HOSTS accepts: its first entry, made concrete."""
    first = next((h.strip() for h in allowed_hosts.split(",") if h.strip()), "localhost")
    if first == "*":
        return "localhost"
    if first.startswith("."):  # ".example.org" allows example.org and its subdomains
        return first[1:]
    return first


def check(port: int, allowed_hosts: str, timeout: float = 5) -> tuple[bool, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz", headers={"Host": host_header(allowed_hosts)})
        response = connection.getresponse()
        body = response.read(200).decode("utf-8", "replace").strip()
    except OSError as error:
        return False, f"no answer on port {port}: {error}"
    finally:
        connection.close()
    return response.status == 200, f"{response.status} {body}"


def main() -> int:
    healthy, detail = check(
        int(os.environ.get("PORT", "8000")),
        os.environ.get("ALLOWED_HOSTS", "localhost"),
    )
    print(detail)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
