"""Make sure the Wagtail site has the portal's start page as its root."""

from django.conf import settings
from wagtail.models import Locale, Page, Site

from portal.demo_context import DemoContext

from .models import HomePage


def ensure_home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        # A transactional test's flush also removes Wagtail's migration-created locale and root page.
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
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


def seed(ctx: DemoContext) -> None:
    ensure_home_page()
