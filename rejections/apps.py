from django.apps import AppConfig


class RejectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rejections"
    verbose_name = "Applications and follow-ups"
