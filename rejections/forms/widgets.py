"""Form widgets and fields that write their HTML in Python instead of through templates.

A select with a hundred options (the contacts list on an application's page) costs an
include per option through the template engine: most of that page's render time. The
widgets here write the very same HTML as Django's templates, character for character
(tests/rejections/test_quick_widgets.py compares them), only faster. The same goes for
a whole field in crispy-forms' Bootstrap 5 markup (`bootstrap_field`): crispy's templates
took about a tenth of the application page's time for its nine fields.
"""

from django import forms
from django.forms import BoundField
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


class _Input:
    """Django's input.html (and its attrs.html) written in Python, for the input widgets
    below; each keeps Django's class name, which crispy adds as a CSS class."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
        return mark_safe(  # noqa: S308  (every piece escaped)
            f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
        )


class TextInput(_Input, forms.TextInput):
    pass


class DateInput(_Input, forms.DateInput):
    pass


class EmailInput(_Input, forms.EmailInput):
    pass


class URLInput(_Input, forms.URLInput):
    pass


class HiddenInput(_Input, forms.HiddenInput):
    pass


class Textarea(forms.Textarea):
    """Django's textarea.html written in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        text = conditional_escape(widget["value"]) if widget["value"] else ""
        return mark_safe(  # noqa: S308  (every piece escaped)
            f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
            f"\n{text}</textarea>"
        )


ASTERISK = '<span class="asteriskField">*</span>'


def _crispy_css(field: BoundField) -> str:
    """The widget's classes as crispy-forms' Bootstrap 5 pack sets them: the widget's own,
    its class name ("textarea", "select"), then form-select or form-control, is-invalid."""
    widget = field.field.widget
    css = widget.attrs.get("class", "")
    name = type(widget).__name__.lower()
    if name not in css:
        css = f"{css} {name}" if css else name
    extra = ["form-select" if isinstance(widget, forms.Select) else "form-control"]
    if field.errors:
        extra.append("is-invalid")
    return " ".join([css, *(c for c in extra if c not in css.split())])


def bootstrap_field(field: BoundField) -> str:
    """One field in the markup `|as_crispy_field` writes (wrapper, label with the required
    asterisk, widget, errors, help text), without crispy's dozen template includes.

    For plain inputs, textareas and selects (the application page's forms, the quick add's
    link) of forms without crispy helpers or `required_css_class`:
    tests/rejections/test_quick_widgets.py compares it with crispy for those forms, blank
    and invalid. Anything else (hidden, checkbox, radio, file) is refused: crispy draws it.
    """
    if field.is_hidden or isinstance(
        field.field.widget,
        forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple | forms.FileInput,
    ):
        raise ValueError(f"{field.name}: a widget bootstrap_field does not write; use crispy")
    auto_id = field.auto_id
    required = field.field.required
    parts = [
        f'<div id="div_{auto_id}" class="mb-3">',
        f'<label for="{field.id_for_label}" class="form-label'
        f'{" requiredField" if required else ""}">{conditional_escape(field.label)}'
        f"{ASTERISK if required else ''}</label>",
        field.as_widget(attrs={"class": _crispy_css(field)}),
    ]
    if field.errors:
        parts.append(f'<div id="{auto_id}_error" class="invalid-feedback">')
        parts.extend(
            f'<p id="error_{n}_{auto_id}"><strong>{conditional_escape(error)}</strong></p>'
            for n, error in enumerate(field.errors, start=1)
        )
        parts.append("</div>")
    if field.help_text:
        # As crispy: help text is the form's own (trusted) text, written unescaped.
        parts.append(f'<div id="{auto_id}_helptext" class="form-text">{field.help_text}</div>')
    parts.append("</div>")
    return mark_safe("".join(parts))  # noqa: S308  (label, errors escaped; widget is safe)


def bootstrap_fields(form: forms.Form) -> str:
    """Every field of `form` as `bootstrap_field` writes it (what `|crispy` shows for a form
    without hidden fields or errors of its own)."""
    if form.non_field_errors() or form.hidden_fields():
        raise ValueError("bootstrap_fields writes visible fields only; use crispy")
    return mark_safe("".join(bootstrap_field(field) for field in form))  # noqa: S308
