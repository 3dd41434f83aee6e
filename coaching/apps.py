from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings


class CoachingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coaching"
    verbose_name = "People, worksheets and coaching"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import checks, notifications, signals  # noqa: F401  (checks and receivers)

        notifications.connect()
        post_migrate.connect(_site_from_site_url, sender=self)
        post_migrate.connect(_figures_triggers, sender=self)


def _site_from_site_url(sender, using="default", **kwargs) -> None:
    """Keep the one Site row saying what SITE_URL says (name and domain)."""
    from django.contrib.sites.models import Site  # models load after the app registry

    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain[:100], "name": "Reframe"}
    )


def _figures_triggers(sender, using="default", **kwargs) -> None:
    """Put back any figures-version trigger a table rebuild dropped (SQLite rebuilds a
    table to alter it); idempotent (coaching.figures_version)."""
    from django.db import connections

    from . import figures_version

    figures_version.install(connections[using])
