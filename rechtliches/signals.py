"""Saving or deleting a version of the terms renews the content generation: every process then reads the
current versions anew (`services.current_regelwerk_ids`). A person's confirmations renew the version of
their person page's cached sections (`accounts.person_page`)."""

from accounts import person_page
from portal import content_cache

from .models import Bestaetigung, Regelwerk

content_cache.bump_on_change(Regelwerk)
person_page.bump_on_change(Bestaetigung)
