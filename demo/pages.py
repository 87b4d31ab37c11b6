"""Page helpers every section's demo uses: the Wagtail base, the start page, idempotent child pages."""

from django.conf import settings
from wagtail.models import Collection, Locale, Page, Site

from startseite.models import HomePage


def ensure_wagtail_base() -> Page:
    """Put back what Wagtail's migrations create (locale, root page, root collection) if it is missing.

    A transactional test's flush removes these rows; a real installation always has them.
    """
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )


def ensure_home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = ensure_wagtail_base()
        # Wagtail's initial "Welcome" page occupies the slug "home"; replace it.
        for child in root.get_children():
            if not isinstance(child.specific, HomePage):
                Site.objects.filter(root_page=child).delete()
                child.delete()
        home = root.add_child(
            instance=HomePage(
                title="Startseite", slug="start", intro="<p>Das Portal der Sicherheitskooperation Ruhr.</p>"
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="SiKo Ruhr Portal"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "SiKo Ruhr Portal"
        site.save()
    return home


def upsert_page(parent: Page, model: type[Page], slug: str, *, user=None, m2m: dict | None = None, **fields):
    """Create and publish a child page unless one with this slug exists (indexes it for search)."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page  # seeded before: leave editors' changes alone (running the seed twice changes nothing)
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    for name, values in (m2m or {}).items():
        getattr(page, name).set(values)
    page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    return model.objects.get(pk=page.pk)
