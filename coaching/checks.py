"""System checks of our own, run by `manage.py check` (`--deploy` for production ones)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def login_limits_need_a_shared_cache(app_configs, **kwargs):
    """allauth counts failed logins in the cache: per process, each gunicorn worker would
    count alone and the limit would be several times weaker than configured."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "The default cache is kept per process, so login limits are counted per "
            "worker and are weaker than configured.",
            hint="Set CACHE_URL to a shared cache, e.g. redis://redis:6379/0 (compose does).",
            id="reframe.W001",
        )
    ]
