"""Saving or deleting a version of the terms renews the content generation: every process then reads the
current versions anew (`services.current_regelwerk_ids`)."""

from portal import content_cache

from .models import Regelwerk

content_cache.bump_on_change(Regelwerk)
