"""allauth's log-in form with the browser's time zone (ACCOUNT_FORMS["login"]).

Its own module: allauth's forms import coaching.forms.people (the sign-up extras), so
coaching.forms.people cannot import allauth's forms back.
"""

from allauth.account.forms import LoginForm as AllauthLoginForm

from ..timezones import DEFAULT_ZONE
from .people import BrowserTimeZoneField


class LoginForm(AllauthLoginForm):
    """allauth's log-in form, plus the browser's zone for a first log-in (an account an
    operator made, or one that has never been used) that is still on the UTC default."""

    time_zone = BrowserTimeZoneField()

    def login(self, request, redirect_url=None):
        zone = self.cleaned_data.get("time_zone")
        user = self.user
        if zone and user.last_login is None and user.time_zone == DEFAULT_ZONE:
            user.time_zone = zone
            user.save(update_fields=["time_zone"])
        return super().login(request, redirect_url)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in"
