"""Staff management: scope per role, actions, audit entries, constant query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Rolle, User
from accounts.tasks import suspend_uncertified_accounts
from audit.models import Aktion, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def ap(user_factory):
    return user_factory("ansprechpartner")


@pytest.fixture
def staff(user_factory, ap):
    return user_factory("mitglied", behoerde=ap.behoerde)


@pytest.fixture
def stranger(user_factory):
    return user_factory("mitglied")


def _action(client, person, aktion, **data):
    """Post an action as the confirmation page does (deactivation asks first)."""
    return client.post(
        reverse("accounts:person_aktion", args=[person.pk, aktion]), {**data, "bestaetigt": "ja"}
    )


@pytest.mark.parametrize("role", ["mitglied", "redaktion"])
def test_personen_is_404_for_people_without_staff_rights(login, user_factory, role):
    client = login(user_factory(role))
    assert client.get(reverse("accounts:personen")).status_code == 404
    assert client.get(reverse("accounts:einladen")).status_code == 404


def test_ansprechpartner_sees_only_own_authority(login, ap, staff, stranger):
    content = login(ap).get(reverse("accounts:personen")).content.decode()
    assert staff.email in content
    assert stranger.email not in content


def test_geschaeftsstelle_sees_all_and_filters_by_authority(login, geschaeftsstelle, staff, stranger):
    client = login(geschaeftsstelle)
    content = client.get(reverse("accounts:personen")).content.decode()
    assert staff.email in content and stranger.email in content
    content = client.get(reverse("accounts:personen"), {"behoerde": stranger.behoerde_id}).content.decode()
    assert stranger.email in content and staff.email not in content


def test_list_shows_status_last_login_and_due_date(login, ap, staff):
    staff.rezertifiziert_am = timezone.now() - timedelta(days=400)
    staff.save()
    content = login(ap).get(reverse("accounts:personen"), {"status": "faellig"}).content.decode()
    assert staff.email in content
    assert "überfällig" in content
    assert "noch nie" in content


@pytest.mark.parametrize(
    ("due_in_days", "listed"), [(-5, True), (0, True), (20, True), (29, True), (45, False)]
)
def test_due_filter_includes_the_next_30_days(login, ap, staff, due_in_days, listed):
    from dateutil.relativedelta import relativedelta

    staff.rezertifiziert_am = timezone.now() - relativedelta(months=12) + timedelta(days=due_in_days, hours=1)
    staff.save()
    content = login(ap).get(reverse("accounts:personen"), {"status": "faellig"}).content.decode()
    assert (staff.email in content) is listed
    assert ("überfällig" in content) is (due_in_days < 0)


def test_deactivate_ends_sessions_and_audits(login, ap, staff):
    staff_client = login(staff)
    assert staff_client.get(reverse("accounts:profil")).status_code == 200
    response = _action(login(ap), staff, "deaktivieren", grund="Versetzung")
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active and staff.gesperrt_grund == "Versetzung"
    assert AuditEntry.objects.filter(aktion=Aktion.KONTO_DEAKTIVIERT, actor=ap, subject=staff).exists()
    response = staff_client.get(reverse("accounts:profil"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "Ihre Sitzung wurde beendet" in response.content.decode()


def test_cannot_deactivate_oneself(login, ap):
    response = _action(login(ap), ap, "deaktivieren", grund="")
    assert response.status_code == 302
    ap.refresh_from_db()
    assert ap.is_active


def test_reactivate_counts_as_recertification(login, ap, staff):
    from accounts.services import user_deactivate

    user_deactivate(user=staff, by=None, grund="Rezertifizierung überfällig")
    _action(login(ap), staff, "reaktivieren")
    staff.refresh_from_db()
    assert staff.is_active and staff.gesperrt_grund == ""
    assert staff.rezertifiziert_am > timezone.now() - timedelta(minutes=1)
    assert AuditEntry.objects.filter(aktion=Aktion.KONTO_REAKTIVIERT, subject=staff).exists()


def test_recertify(login, ap, staff):
    _action(login(ap), staff, "rezertifizieren")
    staff.refresh_from_db()
    assert staff.rezertifiziert_am > timezone.now() - timedelta(minutes=1)
    assert AuditEntry.objects.filter(aktion=Aktion.KONTO_REZERTIFIZIERT, actor=ap, subject=staff).exists()


def test_ansprechpartner_changes_role_within_authority(login, ap, staff):
    _action(login(ap), staff, "rolle", rolle="ansprechpartner")
    staff.refresh_from_db()
    assert staff.rolle == Rolle.ANSPRECHPARTNER
    entry = AuditEntry.objects.get(aktion=Aktion.ROLLE_GEAENDERT, subject=staff)
    assert entry.details == {"vorher": "mitglied", "nachher": "ansprechpartner"}


def test_ansprechpartner_cannot_grant_portal_roles(login, ap, staff):
    _action(login(ap), staff, "rolle", rolle="mitglied", ist_redaktion="on", ist_geschaeftsstelle="on")
    staff.refresh_from_db()
    assert not staff.ist_redaktion and not staff.ist_geschaeftsstelle


def test_geschaeftsstelle_grants_portal_roles(login, geschaeftsstelle, staff):
    _action(login(geschaeftsstelle), staff, "rolle", rolle="mitglied", ist_redaktion="on")
    staff.refresh_from_db()
    assert staff.ist_redaktion and not staff.ist_geschaeftsstelle
    assert staff.groups.filter(name="Redaktion").exists()
    assert AuditEntry.objects.filter(
        aktion=Aktion.ROLLE_GEAENDERT, actor=geschaeftsstelle, subject=staff
    ).exists()


def test_invalid_role_gets_german_error(login, ap, staff):
    response = _action(login(ap), staff, "rolle", rolle="chef")
    staff.refresh_from_db()
    assert staff.rolle == Rolle.MITGLIED
    follow = login(ap).get(response["Location"])
    assert follow.status_code == 200


@pytest.mark.parametrize("aktion", ["deaktivieren", "reaktivieren", "rezertifizieren", "rolle"])
def test_ansprechpartner_acting_on_other_authority_gets_404_and_audit(login, ap, stranger, aktion):
    before = User.objects.values().get(pk=stranger.pk)
    response = _action(login(ap), stranger, aktion, rolle="ansprechpartner")
    assert response.status_code == 404
    assert User.objects.values().get(pk=stranger.pk) == before
    entry = AuditEntry.objects.get(aktion=Aktion.ZUGRIFF_VERWEIGERT, actor=ap)
    assert entry.objekt_id == str(stranger.pk)


def test_ansprechpartner_cannot_open_other_authoritys_person(login, ap, stranger):
    assert login(ap).get(reverse("accounts:person", args=[stranger.pk])).status_code == 404


def test_ansprechpartner_cannot_manage_geschaeftsstelle_in_own_authority(login, ap, user_factory):
    gs = user_factory("geschaeftsstelle", behoerde=ap.behoerde)
    assert _action(login(ap), gs, "deaktivieren").status_code == 404
    gs.refresh_from_db()
    assert gs.is_active


def test_unknown_action_is_404(login, ap, staff):
    assert _action(login(ap), staff, "loeschen").status_code == 404


def test_query_count_does_not_grow(login, geschaeftsstelle, user_factory, behoerde_factory):
    """Same number of queries with 10 and with 200 people (and within a fixed budget)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.services import einladung_create

    behoerden = [behoerde_factory() for _ in range(5)]
    for i in range(5):
        einladung_create(
            email=f"offen{i}@example.org", behoerde=behoerden[i], by=geschaeftsstelle, send_mail=False
        )
    client = login(geschaeftsstelle)
    urls = [
        (reverse("accounts:personen"), {}),
        (reverse("accounts:personen"), {"behoerde": behoerden[0].pk, "q": "Nachname", "status": "aktiv"}),
    ]
    counts = {}
    for size in (10, 200):
        while User.objects.count() < size:
            user_factory("mitglied", behoerde=behoerden[User.objects.count() % 5])
        client.get(urls[0][0])  # warm caches (content types, session)
        for url, params in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, params).status_code == 200
            counts[(size, url, tuple(params))] = len(ctx.captured_queries)
    for url, params in urls:
        assert counts[(10, url, tuple(params))] == counts[(200, url, tuple(params))] <= 12


def test_suspend_uncertified_accounts_task(user_factory):
    overdue = user_factory("mitglied", rezertifiziert_am=timezone.now() - timedelta(days=370))
    never_but_old = user_factory("mitglied")
    User.objects.filter(pk=never_but_old.pk).update(date_joined=timezone.now() - timedelta(days=400))
    fresh = user_factory("mitglied", rezertifiziert_am=timezone.now() - timedelta(days=30))
    assert suspend_uncertified_accounts.delay().get() == 2
    for user in (overdue, never_but_old, fresh):
        user.refresh_from_db()
    assert not overdue.is_active and not never_but_old.is_active and fresh.is_active
    assert overdue.gesperrt_grund == "Rezertifizierung überfällig"
    assert AuditEntry.objects.filter(aktion=Aktion.KONTO_GESPERRT).count() == 2
    # Idempotent: a second run suspends nobody.
    assert suspend_uncertified_accounts() == 0


@pytest.mark.parametrize(
    ("start", "months"),
    [
        ("2025-01-31 10:00", 12),
        ("2024-02-29 23:30", 12),
        ("2025-01-31 00:00", 1),
        ("2025-12-15 08:00", 12),
        ("2025-11-30 12:00", 3),
        ("2025-03-31 12:00", -1),
    ],
)
def test_add_months_matches_relativedelta(start, months):
    import datetime

    from dateutil.relativedelta import relativedelta

    from accounts.models import add_months

    moment = datetime.datetime.fromisoformat(start).replace(tzinfo=datetime.UTC)
    assert add_months(moment, months) == moment + relativedelta(months=months)


def test_deactivation_asks_first(login, ap, staff):
    from tests.confirmations import assert_asks_first

    def deactivated():
        staff.refresh_from_db()
        return not staff.is_active

    assert_asks_first(
        login(ap),
        reverse("accounts:person_aktion", args=[staff.pk, "deaktivieren"]),
        {"grund": "Versetzung"},
        done=deactivated,
        says="deaktivieren?",
    )
    assert staff.gesperrt_grund == "Versetzung"


# --- The person page's cached sections (accounts.person_page) ---------------------------------


@pytest.fixture
def regelwerk(db):
    """A current terms version; ask for it before the people, who then have confirmed it."""
    from rechtliches.models import Regelwerk

    return Regelwerk.objects.create(
        art=Regelwerk.Art.NUTZUNGSBEDINGUNGEN, version=1, titel="NB", text="<p>NB</p>"
    )


def test_person_page_shows_a_new_confirmation_and_a_removed_link_at_once(regelwerk, login, ap, staff):
    """The confirmations and federated links are a fragment cache: a change shows on the next view."""
    from allauth.socialaccount.models import SocialAccount

    from rechtliches.models import Bestaetigung

    client = login(ap)
    url = reverse("accounts:person", args=[staff.pk])
    Bestaetigung.objects.filter(user=staff).delete()
    first = client.get(url).content.decode()
    assert "Noch keine Bestätigung." in first and "Anmeldung über die Behörde" not in first
    assert client.get(url).content.decode().count("Noch keine Bestätigung.") == 1  # now from the cache

    Bestaetigung.objects.create(user=staff, regelwerk=regelwerk)
    konto = SocialAccount.objects.create(user=staff, provider="pp-test", uid="u-1")
    page = client.get(url).content.decode()
    assert "Noch keine Bestätigung." not in page and str(regelwerk) in page
    assert "„pp-test“" in page and f"/konto/behoerde/verknuepfungen/{konto.pk}/entfernen/" in page

    konto.delete()
    page = client.get(url).content.decode()
    assert "„pp-test“" not in page and str(regelwerk) in page


def test_person_page_sections_are_per_person_and_carry_no_csrf_token(regelwerk, login, ap, user_factory):
    """Two people never share the cached sections; the remove button submits the page's own form, whose
    CSRF token is this request's (outside the fragment)."""
    from allauth.socialaccount.models import SocialAccount

    from rechtliches.models import Bestaetigung

    linked = user_factory("mitglied", behoerde=ap.behoerde)
    plain = user_factory("mitglied", behoerde=ap.behoerde)
    Bestaetigung.objects.filter(user=plain).delete()
    SocialAccount.objects.create(user=linked, provider="pp-nur-eine", uid="u-2")
    client = login(ap)
    linked_page = client.get(reverse("accounts:person", args=[linked.pk])).content.decode()
    plain_page = client.get(reverse("accounts:person", args=[plain.pk])).content.decode()
    assert "„pp-nur-eine“" in linked_page and "„pp-nur-eine“" not in plain_page
    assert "Noch keine Bestätigung." in plain_page and "Noch keine Bestätigung." not in linked_page
    assert 'form="verknuepfung-entfernen"' in linked_page
    assert (
        '<form id="verknuepfung-entfernen" method="post" hidden><input type="hidden" name="csrfmiddlewaretoken"'
        in linked_page
    )

    # A second viewer (another role, another session) gets its own CSRF token around the same sections,
    # and the removal through that form works.
    other = login(user_factory("geschaeftsstelle"))
    other_page = other.get(reverse("accounts:person", args=[linked.pk])).content.decode()
    assert "„pp-nur-eine“" in other_page
    token = other_page.split('id="verknuepfung-entfernen"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    mine = linked_page.split('id="verknuepfung-entfernen"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    assert token != mine


def test_person_page_query_count_stays_with_more_confirmations_and_links(regelwerk, login, ap, staff):
    from allauth.socialaccount.models import SocialAccount
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rechtliches.models import Bestaetigung

    client = login(ap)
    url = reverse("accounts:person", args=[staff.pk])
    counts = []
    for n in (1, 6):
        for i in range(n):
            SocialAccount.objects.get_or_create(user=staff, provider=f"pp-{i}", uid=f"u-{i}")
            Bestaetigung.objects.create(user=staff, regelwerk=regelwerk)
        client.get(url)  # renders the sections once for this version
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("first", "last", "behoerde", "expected"),
    [
        ("Miriam", "Kowalski", "PP Essen", "Miriam Kowalski (PP Essen)"),
        ("", "", "PP Essen", "mk@example.org (PP Essen)"),
        ("Miriam", "", None, "Miriam"),
        (" ", "", "", "mk@example.org"),
    ],
)
def test_a_person_is_named_by_full_name_else_email_with_the_authority(first, last, behoerde, expected):
    from accounts.models import name_with_behoerde

    assert name_with_behoerde(first, last, "mk@example.org", behoerde) == expected
