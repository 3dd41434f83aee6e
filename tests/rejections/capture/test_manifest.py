"""The web app manifest: what a phone needs to install Reframe and share pages to it."""

import json

from django.contrib.staticfiles import finders


def test_the_manifest_names_icons_colours_and_a_share_target(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Reframe"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/applications/"
    assert manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon.get("purpose") != "maskable"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    assert manifest["share_target"] == {
        "action": "/applications/new/from-page/",
        "method": "GET",
        "enctype": "application/x-www-form-urlencoded",
        "params": {"title": "title", "text": "text", "url": "url"},
    }


def test_every_icon_is_a_png_of_the_size_it_claims(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with open(path, "rb") as file:
            head = file.read(24)
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]


def test_every_page_links_the_manifest(client):
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
