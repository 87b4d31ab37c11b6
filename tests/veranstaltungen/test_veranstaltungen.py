"""Fachveranstaltungen: page types, visibility, registration and waiting list, iCalendar, organisers, access."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from audit.models import Aktion, AuditEntry
from behoerden.models import Behoerde
from startseite.models import HomePage
from veranstaltungen.models import (
    Anmeldung,
    VeranstaltungIndexPage,
    VeranstaltungPage,
    VeranstaltungZielgruppe,
)
from veranstaltungen.news import news_veranstaltungen
from veranstaltungen.services import anmeldung_cancel, anmeldung_create, upcoming_events

pytestmark = pytest.mark.django_db


def make_event(title="Testveranstaltung", *, days=5, kapazitaet=None, arten=(), organisatoren=(), **kwargs):
    index = VeranstaltungIndexPage.objects.get()
    beginn = timezone.now() + timedelta(days=days)
    page = VeranstaltungPage(
        title=title,
        beginn=beginn,
        ende=beginn + timedelta(hours=3),
        ort=kwargs.pop("ort", "Rathaus Essen"),
        kapazitaet=kapazitaet,
        **kwargs,
    )
    for art in arten:
        page.zulassungen.add(VeranstaltungZielgruppe(art=art))
    index.add_child(instance=page)
    page.organisatoren.set(organisatoren)
    page.save_revision().publish()
    return VeranstaltungPage.objects.get(pk=page.pk)


def event(slug):
    return VeranstaltungPage.objects.get(slug=slug)


# --- Page types and rendering -----------------------------------------------------------------


def test_page_type_rules():
    assert VeranstaltungIndexPage.allowed_parent_page_models() == [HomePage]
    assert VeranstaltungIndexPage.allowed_subpage_models() == [VeranstaltungPage]
    assert VeranstaltungPage.allowed_parent_page_models() == [VeranstaltungIndexPage]
    assert VeranstaltungPage.allowed_subpage_models() == []


def test_event_page_cannot_live_directly_under_home(demo):
    assert not VeranstaltungPage.can_create_at(HomePage.objects.get())
    assert VeranstaltungPage.can_create_at(VeranstaltungIndexPage.objects.get())


# Queries per page right after content changed (cold: shared page parts are rebuilt once) and with the
# shared content cache warm; neither grows with the data. Cold includes, per new session, the terms gate's first check (current versions and the person's
# confirmations, then cached), the header's unread-notification count and, for editors, the CMS-rights
# check of the navigation; none grows with the data.
COLD_BUDGET = 22
WARM_BUDGET = 15


@pytest.mark.parametrize(
    "path",
    [
        "/veranstaltungen/",
        "/veranstaltungen/fachtag-clankriminalitaet-ruhr/",
        "/veranstaltungen/online-seminar-vermoegensabschoepfung-kommunen/",
        "/kalender/",
        "/kalender/feed.ics",
        "/kalender/{fachtag}/teilnehmende/",
    ],
)
def test_pages_render_demo_content_with_constant_queries(demo, login, django_assert_max_num_queries, path):
    client = login(demo.users["gs-redaktion"])
    url = path.format(fachtag=event("fachtag-clankriminalitaet-ruhr").pk)
    with django_assert_max_num_queries(COLD_BUDGET):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(WARM_BUDGET):
        assert client.get(url).status_code == 200
    fachtag = event("fachtag-clankriminalitaet-ruhr")
    for _i in range(15):
        make_event(f"Zusatztermin {_i}", days=3 + _i)
    for user in [
        demo.users[k] for k in ("stadt-gelsenkirchen-mitglied", "hza-dortmund-mitglied", "gs-admin")
    ]:
        anmeldung_create(veranstaltung=fachtag, user=user)
    with django_assert_max_num_queries(COLD_BUDGET):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(WARM_BUDGET):
        assert client.get(url).status_code == 200


def test_event_page_shows_agenda_and_places(demo, login):
    response = login(demo.users["pp-essen-mitglied"]).get("/veranstaltungen/workshop-gluecksspielaufsicht/")
    content = response.content.decode()
    assert "Rechtsrahmen: GlüStV 2021 und AG GlüStV NRW" in content
    assert "1 von 4 frei" in content


def test_online_link_only_for_registered_people(demo, login):
    url = "/veranstaltungen/online-seminar-vermoegensabschoepfung-kommunen/"
    link = "https://konferenz.siko-ruhr.nrw.de/raum/vermoegensabschoepfung"
    assert link in login(demo.users["stadt-duisburg-ap"]).get(url).content.decode()
    assert link not in login(demo.users["hza-dortmund-mitglied"]).get(url).content.decode()


@pytest.mark.parametrize("path", ["/kalender/feed.ics", "/kalender/{pk}.ics"])
def test_calendar_files_carry_the_online_link_only_for_registered_people(demo, login, path):
    """The calendar downloads follow the event page: no video-conference link for people not registered."""
    online = event("online-seminar-vermoegensabschoepfung-kommunen")
    link = "https://konferenz.siko-ruhr.nrw.de/raum/vermoegensabschoepfung"
    url = path.format(pk=online.pk)

    def ics_text(user) -> str:
        response = login(user).get(url)
        assert response.status_code == 200
        events = Calendar.from_ical(response.content).walk("VEVENT")
        return "".join(str(e.get("description", "")) for e in events if online.title in str(e["summary"]))

    assert link in ics_text(demo.users["stadt-duisburg-ap"])  # registered
    assert link in ics_text(demo.users["gs-redaktion"])  # organiser by role
    assert link not in ics_text(demo.users["hza-dortmund-mitglied"])
    Anmeldung.objects.filter(veranstaltung=online, user=demo.users["stadt-duisburg-ap"]).update(
        status=Anmeldung.Status.STORNIERT
    )
    assert link not in ics_text(demo.users["stadt-duisburg-ap"])


# --- Visibility -------------------------------------------------------------------------------


def test_restricted_event_visible_only_to_those_kinds(demo, login):
    restricted = event("austausch-polizei-zoll-finanzkontrolle-shisha")
    assert restricted in VeranstaltungPage.objects.visible_to(demo.users["pp-essen-mitglied"])
    assert restricted in VeranstaltungPage.objects.visible_to(demo.users["hza-dortmund-mitglied"])
    assert restricted in VeranstaltungPage.objects.visible_to(demo.users["gs-redaktion"])
    kommune = demo.users["stadt-gelsenkirchen-mitglied"]
    assert restricted not in VeranstaltungPage.objects.visible_to(kommune)
    client = login(kommune)
    assert client.get(restricted.url).status_code == 404
    assert client.get(f"/kalender/{restricted.pk}.ics").status_code == 404
    assert client.post(f"/kalender/{restricted.pk}/anmelden/").status_code == 404
    assert not Anmeldung.objects.filter(veranstaltung=restricted, user=kommune).exists()
    assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT, actor=kommune).exists()
    assert restricted.title not in client.get("/veranstaltungen/").content.decode()


def test_event_page_rule_agrees_with_the_list_filter(demo):
    """The event page decides with `access.can_see` on what it has read (admitted kinds, organiser), the
    search with `access.visible_among` on its shared entries; lists filter with `visible_to`: for every
    person and event all three say the same."""
    from veranstaltungen import access

    organiser = demo.users["stadt-gelsenkirchen-mitglied"]
    own = make_event(
        "Nur Polizei, organisiert von einer Kommune", arten=["polizei"], organisatoren=[organiser]
    )
    events = list(VeranstaltungPage.objects.live())
    assert own in events and any(e.zulassungen.exists() for e in events if e != own)
    people = [*demo.users.values(), organiser]
    for person in people:
        visible = set(VeranstaltungPage.objects.visible_to(person).values_list("pk", flat=True))
        for page in events:
            assert access.can_see(person, page) == (page.pk in visible), (person, page)
        admitted = {page.pk: tuple(page.admitted_arts()) for page in events}
        assert access.visible_among(person, admitted) == visible, person


def test_event_page_shows_a_new_admission_at_once(demo, login):
    """The admitted kinds are kept under the content generation: publishing a change shows at once."""
    kommune = demo.users["stadt-gelsenkirchen-mitglied"]
    page = make_event("Erst offen, dann nur für Polizei")
    client = login(kommune)
    assert client.get(page.url).status_code == 200
    page.zulassungen.add(VeranstaltungZielgruppe(art="polizei"))
    page.save_revision().publish()
    assert client.get(page.url).status_code == 404
    polizei = login(demo.users["pp-essen-mitglied"]).get(page.url)
    assert polizei.status_code == 200 and "Nur für" in polizei.content.decode()


def test_upcoming_events_lists_visible_future_events(demo):
    titles = [v.title for v in upcoming_events(demo.users["stadt-gelsenkirchen-mitglied"], limit=10)]
    assert "Fachtag Clankriminalität Ruhr 2027" in titles
    assert "Auftaktveranstaltung Communities That Care im Ruhrgebiet" not in titles  # past
    assert "Austauschtreffen Polizei und Zoll: Finanzkontrolle Schwarzarbeit im Shisha-Gewerbe" not in titles
    assert titles == sorted(titles, key=lambda t: VeranstaltungPage.objects.get(title=t).beginn)
    assert len(upcoming_events(demo.users["gs-redaktion"], limit=2)) == 2


def test_news_lists_new_upcoming_events(demo):
    since = timezone.now() - timedelta(hours=1)
    titles = " ".join(i.title for i in news_veranstaltungen(demo.users["stadt-duisburg-mitglied"], since))
    assert "Fachtag Clankriminalität Ruhr 2027" in titles
    assert "Austauschtreffen" not in titles and "Auftaktveranstaltung" not in titles


# --- Registration, waiting list, cancellation -------------------------------------------------


def test_register_and_register_twice(demo, login):
    fachtag = event("fachtag-clankriminalitaet-ruhr")
    user = demo.users["hza-dortmund-mitglied"]
    client = login(user)
    response = client.post(f"/kalender/{fachtag.pk}/anmelden/", follow=True)
    assert "Sie sind angemeldet." in response.content.decode()
    assert Anmeldung.objects.get(veranstaltung=fachtag, user=user).status == Anmeldung.Status.ANGEMELDET
    response = client.post(f"/kalender/{fachtag.pk}/anmelden/", follow=True)
    assert "Sie sind für diese Veranstaltung bereits angemeldet." in response.content.decode()
    assert Anmeldung.objects.filter(veranstaltung=fachtag, user=user).count() == 1


def test_full_event_puts_person_on_waiting_list_and_says_so(demo, login):
    workshop = event("workshop-gluecksspielaufsicht")  # 4 places, 3 taken
    anmeldung_create(veranstaltung=workshop, user=demo.users["hza-dortmund-ap"])
    client = login(demo.users["hza-dortmund-mitglied"])
    assert "Auf die Warteliste setzen" in client.get(workshop.url).content.decode()
    response = client.post(f"/kalender/{workshop.pk}/anmelden/", follow=True)
    assert (
        "Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste (Platz 1)"
        in response.content.decode()
    )
    anmeldung = Anmeldung.objects.get(veranstaltung=workshop, user=demo.users["hza-dortmund-mitglied"])
    assert anmeldung.status == Anmeldung.Status.WARTELISTE


def test_cancellation_moves_first_waiting_person_up(demo, login):
    workshop = event("workshop-gluecksspielaufsicht")
    anmeldung_create(veranstaltung=workshop, user=demo.users["hza-dortmund-ap"])
    first = anmeldung_create(veranstaltung=workshop, user=demo.users["hza-dortmund-mitglied"])
    second = anmeldung_create(veranstaltung=workshop, user=demo.users["gs-admin"])
    assert first.status == second.status == Anmeldung.Status.WARTELISTE
    assert (first.warteplatz(), second.warteplatz()) == (1, 2)

    response = login(demo.users["pp-essen-mitglied"]).post(
        f"/kalender/{workshop.pk}/abmelden/", {"bestaetigt": "ja"}, follow=True
    )
    assert "Ihre Anmeldung wurde storniert." in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Anmeldung.Status.ANGEMELDET
    assert second.status == Anmeldung.Status.WARTELISTE and second.warteplatz() == 1
    assert Anmeldung.objects.aktiv().filter(veranstaltung=workshop, status="angemeldet").count() == 4
    cancelled = Anmeldung.objects.get(veranstaltung=workshop, user=demo.users["pp-essen-mitglied"])
    assert cancelled.status == Anmeldung.Status.STORNIERT and cancelled.storniert_am


def test_waiting_list_cancellation_moves_nobody(demo):
    workshop = event("workshop-gluecksspielaufsicht")
    anmeldung_create(veranstaltung=workshop, user=demo.users["hza-dortmund-ap"])
    waiting = anmeldung_create(veranstaltung=workshop, user=demo.users["hza-dortmund-mitglied"])
    result = anmeldung_cancel(veranstaltung=workshop, user=demo.users["hza-dortmund-mitglied"])
    assert result.nachgerueckt is None
    waiting.refresh_from_db()
    assert waiting.status == Anmeldung.Status.STORNIERT


def test_register_again_after_cancelling(demo):
    fachtag = event("fachtag-clankriminalitaet-ruhr")
    user = demo.users["pp-essen-mitglied"]
    anmeldung_cancel(veranstaltung=fachtag, user=user)
    assert anmeldung_create(veranstaltung=fachtag, user=user).status == Anmeldung.Status.ANGEMELDET
    assert Anmeldung.objects.aktiv().filter(veranstaltung=fachtag, user=user).count() == 1


def test_registration_after_begin_is_refused(demo, login):
    past = event("auftakt-communities-that-care-ruhr")
    user = demo.users["hza-dortmund-mitglied"]
    response = login(user).post(f"/kalender/{past.pk}/anmelden/", follow=True)
    assert (
        "Die Veranstaltung hat bereits begonnen; eine Anmeldung ist nicht mehr möglich."
        in response.content.decode()
    )
    assert not Anmeldung.objects.filter(veranstaltung=past, user=user).exists()


def test_cancel_without_registration_is_refused(demo, login):
    fachtag = event("fachtag-clankriminalitaet-ruhr")
    response = login(demo.users["hza-dortmund-mitglied"]).post(
        f"/kalender/{fachtag.pk}/abmelden/", {"bestaetigt": "ja"}, follow=True
    )
    assert "Sie sind für diese Veranstaltung nicht angemeldet." in response.content.decode()


def test_registration_needs_post(demo, login):
    fachtag = event("fachtag-clankriminalitaet-ruhr")
    assert (
        login(demo.users["hza-dortmund-mitglied"]).get(f"/kalender/{fachtag.pk}/anmelden/").status_code == 405
    )
    assert not Anmeldung.objects.filter(
        veranstaltung=fachtag, user=demo.users["hza-dortmund-mitglied"]
    ).exists()


# --- iCalendar --------------------------------------------------------------------------------


def test_event_ics_validates(demo, login):
    fachtag = event("fachtag-clankriminalitaet-ruhr")
    response = login(demo.users["pp-essen-mitglied"]).get(f"/kalender/{fachtag.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    vevent = events[0]
    assert str(vevent["SUMMARY"]) == "Fachtag Clankriminalität Ruhr 2027"
    start = vevent["DTSTART"].dt
    assert start.tzinfo is not None and start == fachtag.beginn
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert calendar.walk("VTIMEZONE")
    assert vevent["DTEND"].dt == fachtag.ende
    assert str(vevent["UID"]) == f"veranstaltung-{fachtag.pk}@siko-ruhr-portal"


def test_feed_contains_only_events_the_person_may_see(demo, login):
    def summaries(user):
        calendar = Calendar.from_ical(login(user).get("/kalender/feed.ics").content)
        return {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}

    restricted = "Austauschtreffen Polizei und Zoll: Finanzkontrolle Schwarzarbeit im Shisha-Gewerbe"
    kommune = summaries(demo.users["stadt-gelsenkirchen-mitglied"])
    assert restricted not in kommune and len(kommune) == 4
    zoll = summaries(demo.users["hza-dortmund-mitglied"])
    assert restricted in zoll and len(zoll) == 5


# --- Participant list for organisers ----------------------------------------------------------


@pytest.mark.parametrize("key", ["gs-redaktion", "gs-admin", "pp-essen-ap"])
def test_organisers_see_participant_list_and_export_csv(demo, login, key):
    fachtag = event("fachtag-clankriminalitaet-ruhr")  # pp-essen-ap is a named organiser
    client = login(demo.users[key])
    response = client.get(f"/kalender/{fachtag.pk}/teilnehmende/")
    assert response.status_code == 200
    assert "mitglied@pp-essen.nrw.de" in response.content.decode()
    response = client.get(f"/kalender/{fachtag.pk}/teilnehmende.csv")
    assert response.status_code == 200
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Nachname;Vorname;E-Mail")
    assert len(rows) == 1 + Anmeldung.objects.filter(veranstaltung=fachtag).count()
    assert AuditEntry.objects.filter(
        aktion=Aktion.EXPORT, actor=demo.users[key], objekt_id=str(fachtag.pk)
    ).exists()


@pytest.mark.parametrize("key", ["pp-essen-mitglied", "stadt-gelsenkirchen-ap", "hza-dortmund-ap"])
def test_others_get_404_for_participant_list(demo, login, key):
    fachtag = event("fachtag-clankriminalitaet-ruhr")
    client = login(demo.users[key])
    assert client.get(f"/kalender/{fachtag.pk}/teilnehmende/").status_code == 404
    assert client.get(f"/kalender/{fachtag.pk}/teilnehmende.csv").status_code == 404
    assert not AuditEntry.objects.filter(aktion=Aktion.EXPORT, actor=demo.users[key]).exists()
    assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT, actor=demo.users[key]).exists()


def test_csv_export_neutralises_formulas(demo, login):
    fachtag = event("fachtag-clankriminalitaet-ruhr")
    user = demo.users["hza-dortmund-mitglied"]
    user.last_name = "=HYPERLINK(1)"
    user.save()
    anmeldung_create(veranstaltung=fachtag, user=user)
    content = (
        login(demo.users["gs-redaktion"]).get(f"/kalender/{fachtag.pk}/teilnehmende.csv").content.decode()
    )
    assert "'=HYPERLINK(1)" in content


# --- Access -----------------------------------------------------------------------------------

URLS = [
    ("get", "/kalender/"),
    ("get", "/kalender/feed.ics"),
    ("get", "/kalender/{pk}.ics"),
    ("post", "/kalender/{pk}/anmelden/"),
    ("post", "/kalender/{pk}/abmelden/"),
    ("get", "/kalender/{pk}/teilnehmende/"),
    ("get", "/kalender/{pk}/teilnehmende.csv"),
    ("get", "/veranstaltungen/"),
    ("get", "/veranstaltungen/fachtag-clankriminalitaet-ruhr/"),
]


@pytest.mark.parametrize(("method", "url"), URLS)
def test_anonymous_is_sent_to_login(demo, client, method, url):
    url = url.format(pk=event("fachtag-clankriminalitaet-ruhr").pk)
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response.url.startswith("/konto/login/")


def test_kommune_kind_registration_visible_event_for_behoerde_without_kind(demo, user_factory):
    # A person without an authority sees only unrestricted events.
    person = user_factory(
        "mitglied", behoerde=Behoerde.objects.get(art=Behoerde.Art.ZOLL, name__icontains="Dortmund")
    )
    person.behoerde = None
    person.save()
    titles = {v.title for v in VeranstaltungPage.objects.visible_to(person)}
    assert "Fachtag Clankriminalität Ruhr 2027" in titles
    assert not any(t.startswith("Austauschtreffen") for t in titles)


def test_confirmation_emails_in_german(demo, django_capture_on_commit_callbacks, mailoutbox):
    workshop = event("workshop-gluecksspielaufsicht")
    with django_capture_on_commit_callbacks(execute=True):
        anmeldung_create(veranstaltung=workshop, user=demo.users["hza-dortmund-ap"])
        anmeldung_create(veranstaltung=workshop, user=demo.users["hza-dortmund-mitglied"])
        anmeldung_cancel(veranstaltung=workshop, user=demo.users["pp-essen-mitglied"])
    subjects = [m.subject for m in mailoutbox]
    assert subjects == [
        f"Anmeldebestätigung: {workshop.title}",
        f"Warteliste: {workshop.title}",
        f"Stornierung: {workshop.title}",
        f"Platz frei geworden: {workshop.title}",
    ]
    assert mailoutbox[3].to == [demo.users["hza-dortmund-mitglied"].email]


def test_start_page_lists_upcoming_events(demo, login):
    from portal.upcoming import upcoming_for

    titles = [item.title for item in upcoming_for(demo.users["stadt-gelsenkirchen-mitglied"], limit=5)]
    assert "Fachtag Clankriminalität Ruhr 2027" in titles
    assert not any(t.startswith("Austauschtreffen") for t in titles)
    response = login(demo.users["stadt-gelsenkirchen-mitglied"]).get("/")
    assert response.status_code == 200
    assert "Fachtag Clankriminalität Ruhr 2027" in response.content.decode()


def test_cancelling_a_registration_asks_first(demo, login):
    from tests.confirmations import assert_asks_first

    workshop = event("workshop-gluecksspielaufsicht")
    person = demo.users["pp-essen-mitglied"]
    anmeldung = Anmeldung.objects.get(veranstaltung=workshop, user=person)
    assert anmeldung.status == Anmeldung.Status.ANGEMELDET

    def cancelled():
        anmeldung.refresh_from_db()
        return anmeldung.status == Anmeldung.Status.STORNIERT

    assert_asks_first(
        login(person), f"/kalender/{workshop.pk}/abmelden/", {}, done=cancelled, says="stornieren?"
    )


def test_online_link_rule_names_the_registration_status_with_a_place():
    """The access rule reads the status through the app registry; it must stay the model's value."""
    from veranstaltungen import access
    from veranstaltungen.models import Anmeldung

    assert access.WITH_PLACE == Anmeldung.Status.ANGEMELDET
    assert access.sees_online_link(organises=False, anmeldung_status=Anmeldung.Status.ANGEMELDET)
    assert not access.sees_online_link(organises=False, anmeldung_status=Anmeldung.Status.WARTELISTE)
    assert access.sees_online_link(organises=True, anmeldung_status=None)
