"""Keep a worksheet's stage the outcome's stage.

`rejections` may not import `coaching`, so when an outcome is saved (through
`rejections.services.applications.log_outcome`, the admin or the CSV import), this
receiver copies its stage onto the worksheet about that application. The seeker and the
coach then read one stage everywhere, and the worksheet never drifts from the outcome.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from rejections.models import Outcome

from .models import Worksheet


@receiver(post_save, sender=Outcome, dispatch_uid="coaching_worksheet_stage_from_outcome")
def worksheet_stage_follows_outcome(sender, instance: Outcome, **kwargs) -> None:
    Worksheet.objects.filter(application_id=instance.application_id).exclude(
        stage_label=instance.stage_label
    ).update(stage_label=instance.stage_label)
