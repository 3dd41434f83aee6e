"""Form fields in crispy-forms' Bootstrap 5 markup, written in Python (see
rejections/forms/widgets.py): `{{ form|bootstrap_fields }}` for `{{ form|crispy }}`,
`{{ form.name|bootstrap_field }}` for `{{ form.name|as_crispy_field }}`."""

from django import template

from ..forms.widgets import bootstrap_field, bootstrap_fields

register = template.Library()
register.filter("bootstrap_field", bootstrap_field)
register.filter("bootstrap_fields", bootstrap_fields)
