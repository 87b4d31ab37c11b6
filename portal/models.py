"""The portal core has no models of its own: the start page and the news pages live in `startseite`,
the page search index in `suche`, the four-eyes task in `redaktion` (moved with their tables)."""
