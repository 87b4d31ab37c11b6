"""Every Lagebilder URL × every role × every visibility option: 404 where not visible, never 403."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import Aktion, AuditEntry
from lagebilder.models import Lagebild

pytestmark = pytest.mark.django_db

ROLES = ["a_autor", "a_mitglied", "a_ap", "b_mitglied", "b_ap", "c_mitglied", "c_ak", "gs"]
EDITORS = {"a_autor", "a_ap", "gs"}
READERS = {
    "eigene": {"a_autor", "a_mitglied", "a_ap", "gs"},
    "behoerden": {"a_autor", "a_mitglied", "a_ap", "b_mitglied", "b_ap", "gs"},
    "vsnfd_behoerden": {"a_autor", "a_mitglied", "a_ap", "b_mitglied", "b_ap", "gs"},
    "arbeitskreise": {"a_autor", "a_mitglied", "a_ap", "c_ak", "gs"},
    "alle": set(ROLES),
    "entwurf": EDITORS,
    "zurueckgezogen": EDITORS,
}
READ_URLS = {
    "detail": lambda lb: reverse("lagebilder:detail", args=[lb.pk]),
    "download": lambda lb: reverse("lagebilder:download", args=[lb.pk]),
    "version_download": lambda lb: reverse("lagebilder:version_download", args=[lb.pk, 1]),
}
EDIT_URLS = {
    "bearbeiten": ("get", lambda lb: reverse("lagebilder:bearbeiten", args=[lb.pk])),
    "version_neu": ("get", lambda lb: reverse("lagebilder:version_neu", args=[lb.pk])),
    "zurueckziehen": ("post", lambda lb: reverse("lagebilder:zurueckziehen", args=[lb.pk])),
    "veroeffentlichen": ("post", lambda lb: reverse("lagebilder:veroeffentlichen", args=[lb.pk])),
}


@pytest.mark.parametrize("visibility", sorted(READERS))
@pytest.mark.parametrize("role", ROLES)
def test_read_urls(world, login, visibility, role):
    """Each read URL (detail, download, version download) answers 200 to readers, 404 to all others."""
    lagebild = world.reports[visibility]
    client = login(world.users[role])
    expected_status = 200 if role in READERS[visibility] else 404
    statuses = {name: client.get(url(lagebild)).status_code for name, url in READ_URLS.items()}
    assert statuses == dict.fromkeys(READ_URLS, expected_status)
    refusals = AuditEntry.objects.filter(
        aktion=Aktion.ZUGRIFF_VERWEIGERT, actor=world.users[role], objekt_id=str(lagebild.pk)
    ).count()
    assert refusals == (len(READ_URLS) if expected_status == 404 else 0)


@pytest.mark.parametrize("visibility", ["behoerden", "entwurf"])
@pytest.mark.parametrize("role", ROLES)
def test_edit_urls(world, login, visibility, role):
    """Edit, new version, withdraw, publish: editors only; everyone else 404 and nothing changes."""
    lagebild = world.reports[visibility]
    client = login(world.users[role])
    statuses = {
        name: getattr(client, method)(url(lagebild)).status_code for name, (method, url) in EDIT_URLS.items()
    }
    if role in EDITORS:
        assert all(code in (200, 302) for code in statuses.values()), statuses
    else:
        assert statuses == dict.fromkeys(EDIT_URLS, 404)
        assert Lagebild.objects.get(pk=lagebild.pk).status == lagebild.status
        assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT, actor=world.users[role]).exists()


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_exactly_the_visible_reports(world, login, role):
    response = login(world.users[role]).get(reverse("lagebilder:liste"))
    assert response.status_code == 200
    shown = {lb["pk"] for lb in response.context["lagebilder"]}
    expected = {world.reports[key].pk for key, readers in READERS.items() if role in readers}
    assert shown == expected


def test_a_only_report_never_appears_for_b_in_search_news_or_latest(world):
    from portal.news import news_for
    from portal.search import SearchQuery, providers

    b_user = world.users["b_mitglied"]
    secret = world.reports["eigene"]
    provider = next(p for p in providers() if p.key == "lagebilder")
    hits = provider.search(b_user, SearchQuery(text="Alpha"))
    assert secret.titel not in {h.title for h in hits}
    assert "Geteilt mit Beta" in {h.title for h in provider.search(b_user, SearchQuery(text="Beta"))}
    news = news_for(b_user, since=dt.datetime(2000, 1, 1, tzinfo=dt.UTC), limit=50)
    titles = {item.title for items in news.values() for item in items}
    assert secret.titel not in titles
    assert "Für alle Partner" in titles
    assert not Lagebild.objects.visible_to(b_user).filter(pk=secret.pk).exists()
    # Nor on the Fachgebiet page's "Aktuelle Lagebilder" section.
    from fachgebiete.related import related_sections

    related = {s["key"]: s for s in related_sections(b_user, secret.fachgebiete.first(), limit=50)}
    assert secret.titel not in {item.title for item in related["lagebilder"]["items"]}
    assert "Für alle Partner" in {item.title for item in related["lagebilder"]["items"]}
    # The owner sees it everywhere.
    a_hits = provider.search(world.users["a_mitglied"], SearchQuery(text="intern"))
    assert secret.titel in {h.title for h in a_hits}


def test_news_marks_vsnfd_as_classified(world):
    from lagebilder.search import news_items

    items = news_items(world.users["b_mitglied"], since=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    by_title = {item.title: item for item in items}
    assert by_title["VS Geteilt mit Beta"].classified is True
    assert by_title["Geteilt mit Beta"].classified is False


def test_forged_ids_answer_404_and_are_audited(world, login):
    client = login(world.users["a_mitglied"])
    lagebild = world.reports["behoerden"]
    assert client.get(reverse("lagebilder:detail", args=[999999])).status_code == 404
    assert client.get(reverse("lagebilder:version_download", args=[lagebild.pk, 7])).status_code == 404
    assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT, objekt_id="999999").exists()
    assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT, objekt_id="7").exists()


def test_changing_visibility_takes_effect_on_next_request(world, login):
    from lagebilder.models import Sichtbarkeit
    from lagebilder.services import lagebild_freigabe_setzen

    lagebild = world.reports["eigene"]
    client = login(world.users["b_mitglied"])
    url = reverse("lagebilder:detail", args=[lagebild.pk])
    assert client.get(url).status_code == 404
    lagebild_freigabe_setzen(
        lagebild=lagebild, sichtbarkeit=Sichtbarkeit.BEHOERDEN, behoerden=[world.b], by=world.users["a_autor"]
    )
    assert client.get(url).status_code == 200
    lagebild_freigabe_setzen(
        lagebild=lagebild, sichtbarkeit=Sichtbarkeit.EIGENE_BEHOERDE, by=world.users["a_autor"]
    )
    assert client.get(url).status_code == 404


def test_no_group_holds_a_model_wide_view_permission(world):
    from django.contrib.auth.models import Permission

    perm = Permission.objects.get(codename="view_lagebild")
    assert not perm.group_set.exists()
    assert not perm.user_set.exists()
    assert not world.users["b_mitglied"].has_perm("lagebilder.view_lagebild")


@pytest.mark.parametrize(
    "query", ["Glücksspiele", "glucksspiel", "Spielhallen Razzia", "GLÜCKSSPIEL razzien"]
)
def test_search_finds_german_word_forms_only_in_visible_reports(world, lagebild_factory, query):
    from lagebilder.models import Sichtbarkeit
    from portal.search import SearchQuery, providers

    autor = world.users["a_autor"]
    shared = lagebild_factory(
        autor,
        titel="Razzia in Spielhallen",
        zusammenfassung="Illegales Glücksspiel in drei Spielhallen festgestellt.",
        sichtbarkeit=Sichtbarkeit.BEHOERDEN,
        behoerden=[world.b],
    )
    hidden = lagebild_factory(
        autor, titel="Interne Razzia", zusammenfassung="Glücksspiel in Spielhallen, nur Alpha."
    )
    provider = next(p for p in providers() if p.key == "lagebilder")
    titles = {hit.title for hit in provider.search(world.users["b_mitglied"], SearchQuery(text=query))}
    assert shared.titel in titles
    assert hidden.titel not in titles
    # Renamed reports are found by their new words at once (the index is written on save).
    shared.titel = "Lage Wettbüros"
    shared.save(update_fields=["titel"])
    assert (
        provider.search(world.users["b_mitglied"], SearchQuery(text="Wettbüro"))[0].title == "Lage Wettbüros"
    )
