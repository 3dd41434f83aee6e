"""Linking people to an application: a contact already known, or a new one made on the spot."""

from __future__ import annotations

from django.db import transaction

from ..models import Application, Contact
from . import ServiceError


@transaction.atomic
def contact_link(
    *,
    application: Application,
    existing: Contact | None = None,
    name: str = "",
    email: str = "",
    role: str = "",
    profile_link: str = "",
) -> Contact:
    """Link `existing` (one of the owner's contacts) to the application, or save a new
    contact at the application's company from `name`, `email`, `role`, `profile_link` and
    link that. Returns the linked contact."""
    if existing is not None:
        if existing.owner_id != application.owner_id:
            raise ServiceError("That contact is not one of yours.")
        contact = existing
    else:
        if not name.strip():
            raise ServiceError("Please give the contact a name.")
        contact = Contact.objects.create(
            owner_id=application.owner_id,
            name=name,
            email=email,
            role=role or Contact._meta.get_field("role").default,
            profile_link=profile_link,
            company=application.company,
        )
    application.contacts.add(contact)
    return contact


def contact_unlink(*, application: Application, contact: Contact) -> None:
    """Take a contact off an application; the contact stays in the person's contacts."""
    application.contacts.remove(contact)
