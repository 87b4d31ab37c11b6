"""Emails of the accounts app (German, plain text and HTML)."""

from datetime import UTC, datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Einladung


def invitation_url(token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("accounts:einladung", kwargs={"token": token})


def send_invitation_mail(*, einladung: Einladung, token: str) -> None:
    """Send the single-use invitation link. The raw token exists only in this email."""
    context = {
        "einladung": einladung,
        "url": invitation_url(token),
        "portal_name": settings.WAGTAIL_SITE_NAME,
        "inviter": einladung.created_by,
    }
    subject = render_to_string("accounts/email/einladung_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("accounts/email/einladung.txt", context),
        to=[einladung.email],
    )
    message.attach_alternative(render_to_string("accounts/email/einladung.html", context), "text/html")
    message.send()


def send_login_warning_mail(*, user, failures: int, since: float | None) -> None:
    """Tell the owner about repeated failed logins: no content of the portal, only a link to it."""
    context = {
        "user": user,
        "fehlversuche": failures,
        "seit": datetime.fromtimestamp(since, tz=UTC) if since else None,
        "portal_url": settings.PORTAL_BASE_URL + "/",
        "passwort_url": settings.PORTAL_BASE_URL + reverse("account_change_password"),
        "portal_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = render_to_string("accounts/email/login_warnung_subject.txt", context).strip()
    EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=render_to_string("accounts/email/login_warnung.txt", context),
        to=[user.email],
    ).send()
