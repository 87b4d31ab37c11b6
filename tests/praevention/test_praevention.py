"""Prävention: page types, catalogue, filters, proposal and review, search, news, access."""

import re
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from audit.models import Aktion, AuditEntry
from behoerden.models import Behoerde, Gemeinde
from portal.search import SearchQuery
from praevention.forms import MassnahmeForm
from praevention.models import (
    Massnahme,
    Phase,
    PraeventionPage,
    PraeventionsprogrammPage,
    Programm,
    Status,
    Zielgruppe,
)
from praevention.search import news_massnahmen, search_massnahmen
from startseite.models import HomePage

pytestmark = pytest.mark.django_db


def make_massnahme(gemeinde_name="Gelsenkirchen", status=Status.FREIGEGEBEN, **kwargs):
    gemeinde = Gemeinde.objects.get(name=gemeinde_name)
    behoerde = Behoerde.objects.get(art=Behoerde.Art.KOMMUNE, gemeinde=gemeinde)
    defaults = {
        "titel": "Testmaßnahme",
        "kommune": gemeinde,
        "behoerde": behoerde,
        "zielgruppe": Zielgruppe.JUGENDLICHE,
        "phase": Phase.DURCHFUEHRUNG,
        "programm": Programm.SONSTIGES,
        "beginn": date(2026, 1, 1),
        "beschreibung": "Beschreibung der Maßnahme.",
        "status": status,
        "geprueft_am": timezone.now() if status == Status.FREIGEGEBEN else None,
    }
    defaults.update(kwargs)
    return Massnahme.objects.create(**defaults)


def form_data(gemeinde_name="Gelsenkirchen", **overrides):
    data = {
        "titel": "Boxtraining für Jugendliche",
        "kommune": Gemeinde.objects.get(name=gemeinde_name).pk,
        "programm": Programm.PROJEKT_360,
        "zielgruppe": Zielgruppe.JUGENDLICHE,
        "phase": Phase.PLANUNG,
        "beginn": "2026-03-01",
        "ende": "2026-12-31",
        "kontakt_text": "Jugendamt, Tel. 0209 169-0",
        "beschreibung": "Wöchentliches Boxtraining mit Sozialarbeit im Stadtteil.",
        "evaluationsergebnis": "",
    }
    data.update(overrides)
    return data


# --- Page types -------------------------------------------------------------------------------


def test_page_type_rules():
    assert PraeventionPage.allowed_parent_page_models() == [HomePage]
    assert PraeventionPage.allowed_subpage_models() == [PraeventionsprogrammPage]
    assert PraeventionsprogrammPage.allowed_parent_page_models() == [PraeventionPage]
    assert PraeventionsprogrammPage.allowed_subpage_models() == []
    assert PraeventionPage.max_count == 1


def test_praevention_page_cannot_be_created_below_a_programme(demo):
    programme = PraeventionsprogrammPage.objects.first()
    assert not PraeventionPage.can_create_at(programme)
    assert not PraeventionsprogrammPage.can_create_at(HomePage.objects.get())


# --- Rendering with demo content under a query budget -----------------------------------------

PAGES = [
    "/praevention/",
    "/praevention/communities-that-care/",
    "/praevention/360-grad-integration-orientierung-perspektiven/",
    "/massnahmen/",
    "/massnahmen/?kommune={gelsenkirchen}&phase=durchfuehrung",
    "detail",
]
# Queries per page right after content changed (cold: shared page parts are rebuilt once) and with the
# shared content cache warm; neither grows with the data.
# Cold includes, per new session, the terms gate's first check (current versions and the person's
# confirmations, then cached), the header's unread-notification count and, for editors, the CMS-rights
# check of the navigation; none grows with the data.
COLD_BUDGET = 21
WARM_BUDGET = 15


def _url(path):
    if path == "detail":
        return Massnahme.objects.freigegeben().first().get_absolute_url()
    return path.format(gelsenkirchen=Gemeinde.objects.get(name="Gelsenkirchen").pk)


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_demo_content_with_constant_queries(demo, login, django_assert_max_num_queries, path):
    client = login(demo.users["pp-essen-mitglied"])
    url = _url(path)
    with django_assert_max_num_queries(COLD_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(WARM_BUDGET):
        assert client.get(url).status_code == 200
    # Many more measures must not cost more queries.
    for i in range(60):
        make_massnahme(["Essen", "Gelsenkirchen", "Duisburg"][i % 3], titel=f"Zusatzmaßnahme {i}")
    with django_assert_max_num_queries(COLD_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(WARM_BUDGET):
        assert client.get(url).status_code == 200


def test_praevention_page_shows_programmes_and_measures(demo, login):
    response = login(demo.users["pp-essen-mitglied"]).get("/praevention/")
    content = response.content.decode()
    assert "Communities That Care (CTC)" in content
    assert "360° Maßnahmen zur Vorbeugung von Clankriminalität" in content
    assert "Maßnahmenkatalog" in content


def test_released_measures_are_the_same_for_every_signed_in_person(demo):
    """The prevention pages share one rendered list of released measures (`access.sees_all_released`):
    for every active person the released part of what they may see is all released measures."""
    from praevention import access

    released = set(Massnahme.objects.freigegeben().values_list("pk", flat=True))
    assert released and Massnahme.objects.zur_pruefung().exists()
    for person in demo.users.values():
        mine = set(Massnahme.objects.visible_to(person).freigegeben().values_list("pk", flat=True))
        assert access.sees_all_released(person) == person.is_active
        if person.is_active:
            assert mine == released, person


def test_shared_measure_lists_show_a_change_at_once_and_nothing_pending(demo, login):
    """Released, withdrawn: the next request of any role shows it (the programme page's table, the
    overview's count); a pending proposal never appears there, not even for the Redaktion or the proposing
    Kommune, who see it in the catalogue."""
    programm, uebersicht = "/praevention/communities-that-care/", "/praevention/"
    title = "Elterncafé im Quartier"
    pending = make_massnahme(titel=title, status=Status.VORGESCHLAGEN, programm=Programm.CTC)
    people = [demo.users[k] for k in ("pp-essen-mitglied", "stadt-gelsenkirchen-ap", "gs-redaktion")]
    clients = [login(person) for person in people]

    def shown(client, count):
        assert f"enthält {count} freigegebene" in client.get(uebersicht).content.decode()
        return title in client.get(programm).content.decode()

    count = Massnahme.objects.freigegeben().count()
    assert not any(shown(client, count) for client in clients)
    pending.status = Status.FREIGEGEBEN
    pending.save()
    assert all(shown(client, count + 1) for client in clients)
    pending.status = Status.VORGESCHLAGEN
    pending.save()
    assert not any(shown(client, count) for client in clients)


# --- Catalogue: visibility and filters --------------------------------------------------------


def test_members_see_only_released_measures(demo, login):
    response = login(demo.users["pp-essen-mitglied"]).get("/massnahmen/")
    shown = {m.pk for m in response.context["page_obj"].object_list}
    assert shown == set(Massnahme.objects.freigegeben().values_list("pk", flat=True))
    pending = Massnahme.objects.zur_pruefung().first()
    assert login(demo.users["pp-essen-mitglied"]).get(pending.get_absolute_url()).status_code == 404


def test_proposer_sees_own_pending_measures(demo, login):
    pending = Massnahme.objects.zur_pruefung().get(kommune__name="Gelsenkirchen")
    response = login(demo.users["stadt-gelsenkirchen-ap"]).get("/massnahmen/")
    assert pending in response.context["page_obj"].object_list
    assert login(demo.users["stadt-gelsenkirchen-ap"]).get(pending.get_absolute_url()).status_code == 200
    # ... but not those of another Kommune.
    other = Massnahme.objects.zur_pruefung().get(kommune__name="Duisburg")
    assert login(demo.users["stadt-gelsenkirchen-ap"]).get(other.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"phase": Phase.ERFOLGSBEWERTUNG}, lambda m: m.phase == Phase.ERFOLGSBEWERTUNG),
        ({"zielgruppe": Zielgruppe.JUGENDLICHE}, lambda m: m.zielgruppe == Zielgruppe.JUGENDLICHE),
        ({"kommune": "Dortmund"}, lambda m: m.kommune.name == "Dortmund"),
        (
            {"programm": Programm.CTC, "kommune": "Gelsenkirchen"},
            lambda m: m.programm == Programm.CTC and m.kommune.name == "Gelsenkirchen",
        ),
    ],
)
def test_catalogue_filters(demo, login, params, expected):
    if "kommune" in params:
        params = {**params, "kommune": Gemeinde.objects.get(name=params["kommune"]).pk}
    response = login(demo.users["pp-essen-mitglied"]).get("/massnahmen/", params)
    shown = list(response.context["page_obj"].object_list)
    wanted = [m for m in Massnahme.objects.freigegeben().select_related("kommune") if expected(m)]
    assert shown and sorted(m.pk for m in shown) == sorted(m.pk for m in wanted)


def test_invalid_filter_value_shows_german_notice_and_full_list(demo, login):
    response = login(demo.users["pp-essen-mitglied"]).get(
        "/massnahmen/", {"phase": "<script>", "kommune": "x"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Der Filter „Phase“ wurde nicht angewendet: unbekannter Wert." in content
    assert "Der Filter „Kommune“ wurde nicht angewendet: unbekannter Wert." in content
    assert response.context["page_obj"].paginator.count == Massnahme.objects.freigegeben().count()
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


# --- Proposal and review ----------------------------------------------------------------------


def test_kommune_ansprechpartner_proposes_and_redaktion_approves(demo, login):
    ap = demo.users["stadt-gelsenkirchen-ap"]
    response = login(ap).post("/massnahmen/neu/", form_data())
    massnahme = Massnahme.objects.get(titel="Boxtraining für Jugendliche")
    assert response.status_code == 302
    assert massnahme.status == Status.VORGESCHLAGEN
    assert massnahme.behoerde == ap.behoerde and massnahme.eingereicht_von == ap
    member = login(demo.users["pp-essen-mitglied"])
    assert member.get(massnahme.get_absolute_url()).status_code == 404

    redaktion = login(demo.users["gs-redaktion"])
    assert massnahme in redaktion.get("/massnahmen/pruefung/").context["massnahmen"]
    response = redaktion.post(
        f"/massnahmen/{massnahme.pk}/pruefen/", {"entscheidung": "freigeben", "hinweis": ""}
    )
    assert response.status_code == 302
    massnahme.refresh_from_db()
    assert massnahme.status == Status.FREIGEGEBEN
    assert massnahme.geprueft_von == demo.users["gs-redaktion"]
    assert member.get(massnahme.get_absolute_url()).status_code == 200


def test_rejection_requires_a_reason(demo, login):
    massnahme = Massnahme.objects.zur_pruefung().first()
    redaktion = login(demo.users["gs-redaktion"])
    redaktion.post(f"/massnahmen/{massnahme.pk}/pruefen/", {"entscheidung": "ablehnen", "hinweis": " "})
    massnahme.refresh_from_db()
    assert massnahme.status == Status.VORGESCHLAGEN
    redaktion.post(
        f"/massnahmen/{massnahme.pk}/pruefen/",
        {"entscheidung": "ablehnen", "hinweis": "Bitte Zeitraum präzisieren."},
    )
    massnahme.refresh_from_db()
    assert massnahme.status == Status.ABGELEHNT and massnahme.pruefhinweis == "Bitte Zeitraum präzisieren."


def test_review_is_only_for_the_redaktion(demo, login):
    massnahme = Massnahme.objects.zur_pruefung().get(kommune__name="Gelsenkirchen")
    ap = login(demo.users["stadt-gelsenkirchen-ap"])
    assert ap.get("/massnahmen/pruefung/").status_code == 404
    assert ap.post(f"/massnahmen/{massnahme.pk}/pruefen/", {"entscheidung": "freigeben"}).status_code == 404
    massnahme.refresh_from_db()
    assert massnahme.status == Status.VORGESCHLAGEN


def test_proposal_for_another_kommune_is_refused(demo, login):
    before = Massnahme.objects.count()
    response = login(demo.users["stadt-gelsenkirchen-ap"]).post("/massnahmen/neu/", form_data("Duisburg"))
    assert response.status_code == 200
    assert (
        "Sie können Maßnahmen nur für Ihre eigene Kommune (Gelsenkirchen) vorschlagen"
        in response.content.decode()
    )
    assert Massnahme.objects.count() == before


def test_invalid_period_is_refused(demo, login):
    before = Massnahme.objects.count()
    response = login(demo.users["stadt-gelsenkirchen-ap"]).post(
        "/massnahmen/neu/", form_data(beginn="2026-12-01", ende="2026-01-01")
    )
    assert response.status_code == 200
    assert "Das Ende des Zeitraums darf nicht vor dem Beginn liegen." in response.content.decode()
    assert Massnahme.objects.count() == before


@pytest.mark.parametrize("key", ["pp-essen-ap", "stadt-gelsenkirchen-mitglied", "pp-essen-mitglied"])
def test_only_kommune_ansprechpartner_may_propose(demo, login, key):
    client = login(demo.users[key])
    assert client.get("/massnahmen/neu/").status_code == 404
    assert client.post("/massnahmen/neu/", form_data()).status_code == 404
    assert not Massnahme.objects.filter(titel="Boxtraining für Jugendliche").exists()


def test_update_of_own_measure_goes_back_to_review(demo, login):
    massnahme = Massnahme.objects.freigegeben().filter(kommune__name="Gelsenkirchen").first()
    data = form_data(titel=massnahme.titel + " (erweitert)")
    response = login(demo.users["stadt-gelsenkirchen-ap"]).post(
        f"/massnahmen/{massnahme.pk}/bearbeiten/", data
    )
    assert response.status_code == 302
    massnahme.refresh_from_db()
    assert massnahme.titel.endswith("(erweitert)")
    assert massnahme.status == Status.VORGESCHLAGEN and massnahme.geprueft_am is None


def test_crafted_edit_of_another_kommunes_measure_is_404_and_audited(demo, login):
    massnahme = Massnahme.objects.freigegeben().filter(kommune__name="Gelsenkirchen").first()
    titel = massnahme.titel
    client = login(demo.users["stadt-duisburg-ap"])
    assert client.get(f"/massnahmen/{massnahme.pk}/bearbeiten/").status_code == 404
    response = client.post(
        f"/massnahmen/{massnahme.pk}/bearbeiten/", form_data("Duisburg", titel="Übernommen")
    )
    assert response.status_code == 404
    massnahme.refresh_from_db()
    assert massnahme.titel == titel and massnahme.kommune.name == "Gelsenkirchen"
    assert AuditEntry.objects.filter(
        aktion=Aktion.ZUGRIFF_VERWEIGERT, actor=demo.users["stadt-duisburg-ap"], objekt_id=str(massnahme.pk)
    ).exists()


def test_moving_own_measure_to_another_kommune_is_refused(demo, login):
    massnahme = Massnahme.objects.freigegeben().filter(kommune__name="Gelsenkirchen").first()
    response = login(demo.users["stadt-gelsenkirchen-ap"]).post(
        f"/massnahmen/{massnahme.pk}/bearbeiten/", form_data("Essen")
    )
    assert response.status_code == 200
    assert "nur für Ihre eigene Kommune" in response.content.decode()
    massnahme.refresh_from_db()
    assert massnahme.kommune.name == "Gelsenkirchen" and massnahme.status == Status.FREIGEGEBEN


# --- Search and news --------------------------------------------------------------------------


def test_search_finds_word_forms_and_escapes_snippets(demo, login):
    make_massnahme(titel="Straßenfußball", beschreibung="Fußball <script>alert(1)</script> für Jugendliche")
    user = demo.users["pp-essen-mitglied"]
    hits = search_massnahmen(user, SearchQuery(text="Strassenfussball"))
    assert [h.title for h in hits] == ["Straßenfußball"]
    assert "<script>" not in hits[0].snippet and "&lt;script&gt;" in hits[0].snippet
    assert "<mark>Straßenfußball</mark>" in hits[0].snippet
    massnahme = Massnahme.objects.get(titel="Straßenfußball")
    assert hits[0].url == f"/massnahmen/{massnahme.pk}/"
    assert hits[0].meta == f"Maßnahme · {massnahme.kommune.name} · {massnahme.phase_label}"
    assert search_massnahmen(user, SearchQuery(text="Elternkurse"))
    assert search_massnahmen(user, SearchQuery(text="x" * 10_000)) == []


def test_search_snippets_mark_whole_word_forms_like_every_other_section(demo):
    """The catalogue shares the portal's query parsing and highlighter (portal.textsearch)."""
    user = demo.users["pp-essen-mitglied"]
    hits = search_massnahmen(user, SearchQuery(text="Eltern"))
    # Whole words are marked, never a fragment such as "<mark>Eltern</mark>kurs".
    assert hits and "<mark>Elternkurs</mark>" in hits[0].snippet
    assert not any(re.search(r"\w<mark>|</mark>\w", h.snippet) for h in hits)
    make_massnahme(titel="Mädchentreff", beschreibung="Offene Mädchenarbeit in Bochum-Wattenscheid.")
    (hit,) = search_massnahmen(user, SearchQuery(text="Maedchenarbeit"))
    assert "<mark>Mädchenarbeit</mark>" in hit.snippet
    # Stop words are dropped as in page search: they neither narrow the result nor get marked.
    with_stop_words = search_massnahmen(user, SearchQuery(text="die Eltern und der"))
    assert [h.url for h in with_stop_words] == [h.url for h in hits]
    assert "<mark>und</mark>" not in with_stop_words[0].snippet


def test_search_never_returns_measures_the_person_may_not_see(demo):
    pending = Massnahme.objects.zur_pruefung().get(kommune__name="Duisburg")
    assert search_massnahmen(demo.users["pp-essen-mitglied"], SearchQuery(text=pending.titel)) == []
    assert search_massnahmen(demo.users["stadt-duisburg-ap"], SearchQuery(text=pending.titel))


def test_search_page_lists_measure_hits(demo, login):
    response = login(demo.users["pp-essen-mitglied"]).get("/suche/", {"q": "Mentoringprogramm"})
    assert "Präventionsmaßnahmen" in response.content.decode()
    assert "<mark>Mentoringprogramm</mark>" in response.content.decode()


def test_news_lists_newly_released_measures(demo):
    user = demo.users["pp-essen-mitglied"]
    since = timezone.now() - timedelta(hours=1)
    titles = {item.title for item in news_massnahmen(user, since)}
    assert any("Weichen stellen" in t for t in titles)
    assert not any("Ausstiegsberatung" in t for t in titles)  # still pending
    assert news_massnahmen(user, timezone.now() + timedelta(hours=1)) == []


# --- Access -----------------------------------------------------------------------------------

URLS = [
    "/massnahmen/",
    "/massnahmen/neu/",
    "/massnahmen/pruefung/",
    "/massnahmen/{pk}/",
    "/massnahmen/{pk}/bearbeiten/",
    "/massnahmen/{pk}/pruefen/",
    "/praevention/",
    "/praevention/communities-that-care/",
]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_is_sent_to_login(demo, client, url):
    url = url.format(pk=Massnahme.objects.first().pk)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/konto/login/")
    response = client.post(url, {})
    assert response.status_code == 302 and response.url.startswith("/konto/login/")


@pytest.mark.parametrize("url", ["/massnahmen/", "/praevention/"])
def test_without_second_factor_no_content(demo, login, url):
    response = login(demo.users["pp-essen-mitglied"], mfa=False).get(url)
    assert response.status_code == 302


def test_shared_measure_table_is_kept_per_script_prefix(demo, rf):
    """The shared table holds reversed links: a portal served under another script prefix gets its own
    copy, not the links of whichever prefix rendered first."""
    from django.urls import set_script_prefix

    from praevention.models import released_table

    request = rf.get("/praevention/")
    request.user = demo.users["pp-essen-mitglied"]
    detail = Massnahme.objects.freigegeben().first().get_absolute_url()
    try:
        set_script_prefix("/portal/")
        under_prefix, _count = released_table(request, "test:tabelle", lambda released: released)
        set_script_prefix("/")
        at_root, _count = released_table(request, "test:tabelle", lambda released: released)
    finally:
        set_script_prefix("/")
    assert f'href="/portal{detail}"' in under_prefix
    assert f'href="{detail}"' in at_root and "/portal/" not in at_root


def test_edit_form_shows_each_measure_and_a_saved_change_at_once(demo, login):
    """The unbound edit form is shared HTML (`{% shared_form %}`): its key names every initial value, so
    two measures never share it and a saved change shows on the next view."""
    user = demo.users["stadt-gelsenkirchen-ap"]
    client = login(user)
    first, second = Massnahme.objects.freigegeben().filter(kommune__name="Gelsenkirchen")[:2]

    def fields_html(massnahme) -> str:
        form = MassnahmeForm(instance=Massnahme.objects.get(pk=massnahme.pk), user=user)
        return render_to_string("praevention/_massnahme_fields.html", {"form": form})

    for massnahme in (first, second, first):
        page = client.get(f"/massnahmen/{massnahme.pk}/bearbeiten/").content.decode()
        assert fields_html(massnahme) in page  # Django's own rendering of this measure's form
    other = client.get(f"/massnahmen/{second.pk}/bearbeiten/").content.decode()
    assert f'value="{escape(first.titel)}"' not in other

    response = client.post(f"/massnahmen/{first.pk}/bearbeiten/", form_data(titel="Boxtraining am Abend"))
    assert response.status_code == 302
    page = client.get(f"/massnahmen/{first.pk}/bearbeiten/").content.decode()
    assert 'value="Boxtraining am Abend"' in page and fields_html(first) in page
