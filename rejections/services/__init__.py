"""Every write a person (or the admin, the import, the demo data) makes in `rejections`.

One module per thing written, each function keyword-only and one transaction: it writes
everything it promises (the rows, the timeline entry, the signal other apps hear) or,
when anything fails, nothing at all. Views read a form, call one function here, show a
message and redirect.

- `applications`: create, edit, delete; status moves, outcomes, notes, "no response".
- `follow_ups`: add or edit one, done, skip, snooze (and their undo), a coach's
  suggestion answered, and the routine of follow-ups after an outcome.
- `interviews`: scheduling, moving, cancelling, marking done (or logging a past one),
  debriefs; offers.
- `contacts`: linking a contact (new or known) to an application, and unlinking it.
- `imports`: keeping an upload, its column mapping, and saving it once confirmed.
"""


class ServiceError(ValueError):
    """An action that does not fit the current state; its message is shown to the person."""
