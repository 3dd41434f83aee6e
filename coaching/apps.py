from django.apps import AppConfig


class CoachingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coaching"
    verbose_name = "People, worksheets and coaching"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            notifications,
        )

        notifications.connect()
