"""Form widgets that write their HTML in Python instead of through Django's templates.

A select with a hundred options (the contacts list on an application's page) costs an
include per option through the template engine: most of that page's render time. The
widgets here write the very same HTML as Django's templates, character for character
(tests/rejections/test_quick_widgets.py compares them), only faster.
"""

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """What django/forms/widgets/attrs.html writes: ` name="value"`, ` name` for True."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{escape(value)}"'
        )
    return "".join(parts)


class Select(forms.Select):
    """Django's select, rendered without a template include per option.

    Named `Select` on purpose: crispy forms adds the widget's class name, lower-cased, as
    a CSS class ("select"), so the page's markup stays the same.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308  (every piece escaped above)
