"""Emails of the accounts app (German, plain text and HTML)."""

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
