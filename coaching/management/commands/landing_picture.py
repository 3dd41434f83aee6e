"""Render the landing page's picture of the product from the demo dashboard.

The picture is a real rendering, not a mock-up: it logs in as the demo seeker on a
running Reframe (with `demo_data` loaded) and photographs the top of the dashboard in
headless Chromium. Run it again whenever the dashboard's look changes:

    python manage.py runserver 127.0.0.1:8000 &
    python manage.py landing_picture --base-url http://127.0.0.1:8000

Needs Playwright (the dev extra) and a Chromium (`CHROMIUM_PATH`, default
/usr/bin/chromium); nothing is downloaded.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .demo_data import DEMO_PASSWORD, SEEKER_EMAIL

OUTPUT = Path(settings.BASE_DIR) / "static" / "img" / "dashboard-demo.png"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Command(BaseCommand):
    help = "Photograph the demo dashboard for the landing page (static/img/dashboard-demo.png)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--output", default=str(OUTPUT))

    def handle(self, *args, base_url: str, output: str, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:  # pragma: no cover - depends on the dev extra
            raise CommandError("Install the dev extra first: pip install -e '.[dev]'") from exc
        chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            page.goto(f"{base_url}/accounts/login/")
            page.fill("input[name=login]", SEEKER_EMAIL)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base_url}/")
            # Without the welcome banner: the picture shows the page, not a moment.
            page.goto(f"{base_url}/")
            page.wait_for_load_state("networkidle")
            page.locator("#report-heading").scroll_into_view_if_needed()
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(
                path=output, clip={"x": 0, "y": 0, "width": 1200, "height": 1160}, full_page=True
            )
            browser.close()
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))
