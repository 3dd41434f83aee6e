"""`{% keep_until_write %}`: a fragment of a person's own page rendered once per write.

    {% load figures_tags %}
    {% keep_until_write "reapply-notice" application.pk application.company %}
      ... markup that reads only the person's watched data ...
    {% endkeep_until_write %}

The fragment is rendered at most once per figures version of the person asking
(coaching.figures_version: a token the database replaces on every write to the tables in
`SOURCES`), and kept in this process (`figures_cache.rendered`). The version comes from
the menu's counts query (`nav_figures_token`), which the page runs anyway, and it is read
before the fragment's own data, so a fragment is never kept under a version newer than
what it shows.

Use it only on a person's own pages, for their own data: the version that keeps the
fragment is the reader's, so a coach's page about a client must not use it. And only for
markup that depends on nothing but the person's watched rows and the values named after
the fragment's name (which must include every value the page read
before the version, such as an application's company). No CSRF token, form errors or
anything else that changes per request inside: those stay outside the block. Without a
version (a page without the menu, a reader inside a transaction that wrote) the block
is simply rendered.
"""

from __future__ import annotations

from django import template

from coaching.figures_cache import rendered

register = template.Library()


class KeepUntilWriteNode(template.Node):
    def __init__(self, name, keys, nodelist):
        self.name = name
        self.keys = keys
        self.nodelist = nodelist

    def render(self, context) -> str:
        request = context.get("request")
        token = context.get("nav_figures_token")
        user = getattr(request, "user", None)
        if not callable(token) or user is None or not user.is_authenticated:
            return self.nodelist.render(context)
        values = [self.name.resolve(context), *(key.resolve(context) for key in self.keys)]
        kind = "keep:" + ":".join(str(value) for value in values)
        return rendered(kind, user, token=token(), render=lambda: self.nodelist.render(context))


@register.tag
def keep_until_write(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name")
    nodelist = parser.parse(("endkeep_until_write",))
    parser.delete_first_token()
    name, *keys = (parser.compile_filter(bit) for bit in bits[1:])
    return KeepUntilWriteNode(name, keys, nodelist)
