"""Session lifetime: 30 minutes idle, 12 hours at most."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LOGIN_AT_KEY = "siko_login_at"
TOUCHED_AT_KEY = "siko_touched_at"
# Refresh the idle expiry at most once a minute instead of writing the session on every request.
TOUCH_INTERVAL = 60


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        had_login = SESSION_KEY in request.session
        user = getattr(request, "user", None)
        if had_login and user is not None and not user.is_authenticated:
            # The session named a person, but Django refused it: deactivated, or all sessions ended.
            messages.warning(
                request,
                _(
                    "Ihre Sitzung wurde beendet, weil Ihr Konto deaktiviert oder abgemeldet wurde. "
                    "Bitte melden Sie sich erneut an."
                ),
            )
        if user is not None and user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT_KEY)
            if login_at is None:
                request.session[LOGIN_AT_KEY] = now
            elif now - login_at > settings.SESSION_ABSOLUTE_MAX_AGE:
                logout(request)
                messages.warning(
                    request,
                    _("Ihre Sitzung ist nach zwölf Stunden abgelaufen. Bitte melden Sie sich erneut an."),
                )
                return redirect(reverse("account_login"))
            if now - request.session.get(TOUCHED_AT_KEY, 0) > TOUCH_INTERVAL:
                request.session[TOUCHED_AT_KEY] = now
        return self.get_response(request)
