"""Audit log: who reads what, filters, keyset pagination, append-only."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import Aktion, AuditEntry
from audit.services import audit_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def ap(user_factory):
    return user_factory("ansprechpartner")


@pytest.fixture
def entries(ap, user_factory):
    own = user_factory("mitglied", behoerde=ap.behoerde, last_name="Eigenmann")
    other = user_factory("mitglied", last_name="Fremdling")
    audit_log(aktion=Aktion.KONTO_DEAKTIVIERT, actor=ap, subject=own)
    audit_log(aktion=Aktion.LOGIN_FEHLSCHLAG, subject=other, email=other.email)
    return own, other


@pytest.mark.parametrize("role", ["mitglied", "redaktion"])
def test_audit_log_is_404_for_others(login, user_factory, role):
    assert login(user_factory(role)).get(reverse("audit:liste")).status_code == 404


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("audit:liste"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_geschaeftsstelle_sees_all(login, geschaeftsstelle, entries):
    content = login(geschaeftsstelle).get(reverse("audit:liste")).content.decode()
    assert "Eigenmann" in content and "Fremdling" in content


def test_ansprechpartner_sees_own_staff_only(login, ap, entries):
    content = login(ap).get(reverse("audit:liste")).content.decode()
    assert "Eigenmann" in content
    assert "Fremdling" not in content
    assert 'name="behoerde"' not in content  # the authority filter is for the Geschäftsstelle


def test_filters(login, geschaeftsstelle, entries):
    client = login(geschaeftsstelle)
    url = reverse("audit:liste")
    content = client.get(url, {"aktion": Aktion.LOGIN_FEHLSCHLAG}).content.decode()
    assert "Fremdling" in content and "Eigenmann" not in content
    content = client.get(url, {"person": "eigenm"}).content.decode()
    assert "Eigenmann" in content and "Fremdling" not in content
    content = client.get(url, {"behoerde": entries[1].behoerde_id}).content.decode()
    assert "Fremdling" in content and "Eigenmann" not in content
    today = timezone.localdate()
    content = client.get(url, {"von": today.isoformat(), "bis": today.isoformat()}).content.decode()
    assert "Fremdling" in content
    tomorrow = today + datetime.timedelta(days=1)
    content = client.get(url, {"von": tomorrow.isoformat()}).content.decode()
    assert "Keine Einträge" in content


@pytest.mark.parametrize("language", ["de", "en"])
def test_action_label_is_djangos_display_in_the_active_language(language):
    with translation.override(language):
        for value in [*Aktion.values, "unbekannt"]:
            entry = AuditEntry(aktion=value)
            assert entry.aktion_label == entry.get_aktion_display()


def test_list_shows_each_action_label(login, geschaeftsstelle, entries):
    content = login(geschaeftsstelle).get(reverse("audit:liste")).content.decode()
    assert str(Aktion.KONTO_DEAKTIVIERT.label) in content
    assert str(Aktion.LOGIN_FEHLSCHLAG.label) in content


def test_bad_date_range_gets_german_error(login, geschaeftsstelle, entries):
    response = login(geschaeftsstelle).get(reverse("audit:liste"), {"von": "2026-05-02", "bis": "2026-05-01"})
    assert "Das Ende des Zeitraums liegt vor dem Anfang." in response.content.decode()


def test_keyset_pagination(login, geschaeftsstelle):
    for i in range(60):
        audit_log(aktion=Aktion.EXPORT, actor=geschaeftsstelle, nummer=f"N{i:03d}")
    client = login(geschaeftsstelle)
    first = client.get(reverse("audit:liste"), {"aktion": Aktion.EXPORT})
    page1 = first.context["entries"]
    assert len(page1) == 50 and first.context["next_cursor"] == page1[-1].pk
    second = client.get(
        reverse("audit:liste"), {"aktion": Aktion.EXPORT, "nach": first.context["next_cursor"]}
    )
    page2 = second.context["entries"]
    assert len(page2) == 10 and second.context["next_cursor"] is None
    assert {e.pk for e in page1}.isdisjoint({e.pk for e in page2})


def test_query_count_does_not_grow(login, geschaeftsstelle, user_factory):
    """Same number of queries with 10 and with 500 entries (and within a fixed budget)."""
    from django.test.utils import CaptureQueriesContext

    people = [user_factory("mitglied") for _ in range(5)]
    client = login(geschaeftsstelle)
    counts = []
    for size in (10, 500):
        missing = size - AuditEntry.objects.count()
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    aktion=Aktion.OBJEKT_ANGESEHEN,
                    actor_repr="X",
                    subject=people[i % 5],
                    behoerde_id=people[i % 5].behoerde_id,
                )
                for i in range(max(missing, 0))
            ]
        )
        client.get(reverse("audit:liste"))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("audit:liste"), {"person": "Nachname"})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 8


def test_model_refuses_update_and_delete(geschaeftsstelle):
    entry = audit_log(aktion=Aktion.EXPORT, actor=geschaeftsstelle)
    entry.aktion = Aktion.LOGOUT
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(aktion=Aktion.LOGOUT)
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).aktion == Aktion.EXPORT


def test_an_input_with_nul_characters_is_logged_with_a_replacement_character(geschaeftsstelle):
    """PostgreSQL keeps no NUL in text or jsonb: a refused input that carried one (a form error quoting the
    invalid choice) is logged with U+FFFD instead of the request failing (found by the form fuzzer)."""
    entry = audit_log(
        aktion=Aktion.ANALYSE_ABGELEHNT,
        actor=geschaeftsstelle,
        objekt_repr="Titel\x00",
        grund="„a\x00b“ ist keine gültige Auswahl.",
        felder=["x\x00", {"k\x00": ("v\x00", 1)}],
    )
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.details["grund"] == "„a\ufffdb“ ist keine gültige Auswahl."
    assert stored.details["felder"] == ["x\ufffd", {"k\ufffd": ["v\ufffd", 1]}]
    assert stored.objekt_repr == "Titel\ufffd"


@pytest.mark.postgres
def test_database_refuses_raw_update_and_delete(geschaeftsstelle):
    from django.db import DatabaseError, transaction

    entry = audit_log(aktion=Aktion.EXPORT, actor=geschaeftsstelle)
    for sql in (
        "UPDATE audit_auditentry SET aktion = 'logout' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="unveränderlich"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).aktion == Aktion.EXPORT


def test_no_edit_or_delete_urls_exist():
    from django.urls import NoReverseMatch

    for name in ("audit:bearbeiten", "audit:loeschen", "audit:delete", "audit:edit"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1])


def test_header_links_only_for_staff_managers(login, ap, mitglied):
    assert reverse("audit:liste") in login(ap).get(reverse("accounts:profil")).content.decode()
    content = login(mitglied).get(reverse("accounts:profil")).content.decode()
    assert reverse("audit:liste") not in content and reverse("accounts:personen") not in content


# --- Vocabulary: every action named, no free text ------------------------------------------------


@pytest.mark.parametrize("aktion", ["sonstiges", "lagebild.irgendwas", ""])
def test_audit_log_refuses_actions_that_are_no_aktion(geschaeftsstelle, aktion):
    before = AuditEntry.objects.count()
    with pytest.raises(ValueError):
        audit_log(aktion=aktion, actor=geschaeftsstelle)
    assert AuditEntry.objects.count() == before


def test_every_action_has_its_own_german_label():
    labels = [str(label) for label in Aktion.labels]
    assert len(set(labels)) == len(labels)
    assert len(set(Aktion.values)) == len(Aktion.values) and "sonstiges" not in Aktion.values


def test_the_filter_offers_every_action(login, geschaeftsstelle):
    import re

    html = login(geschaeftsstelle).get(reverse("audit:liste")).content.decode()
    select = re.search(r'<select name="aktion".*?</select>', html, re.S).group(0)
    offered = re.findall(r'<option value="([^"]*)"', select)
    assert offered == ["", *Aktion.values]


def test_each_action_is_selectable(login, geschaeftsstelle):
    for aktion in (Aktion.NEWSLETTER_FREIGEGEBEN, Aktion.THEMA_VERSCHOBEN, Aktion.KALENDER_ABO_ERSTELLT):
        audit_log(aktion=aktion, actor=geschaeftsstelle, objekt_repr=f"Objekt {aktion.value}")
    client = login(geschaeftsstelle)
    for aktion in (Aktion.NEWSLETTER_FREIGEGEBEN, Aktion.THEMA_VERSCHOBEN, Aktion.KALENDER_ABO_ERSTELLT):
        entries = client.get(reverse("audit:liste"), {"aktion": aktion.value}).context["entries"]
        assert [e.objekt_repr for e in entries] == [f"Objekt {aktion.value}"]


def test_rows_of_the_former_catch_all_are_shown_and_filtered_under_their_action(login, geschaeftsstelle):
    from audit.models import LEGACY_SONSTIGES

    # Written before every action had its own value (append-only: such rows stay as they are).
    AuditEntry(
        aktion=LEGACY_SONSTIGES, actor_repr="Altbestand", details={"vorgang": "lagebild.veroeffentlicht"}
    ).save()
    AuditEntry(aktion=LEGACY_SONSTIGES, actor_repr="Unbekannt", details={"vorgang": "etwas.anderes"}).save()
    audit_log(aktion=Aktion.LAGEBILD_VEROEFFENTLICHT, actor=geschaeftsstelle)
    response = login(geschaeftsstelle).get(
        reverse("audit:liste"), {"aktion": Aktion.LAGEBILD_VEROEFFENTLICHT}
    )
    entries = response.context["entries"]
    assert len(entries) == 2 and {e.aktion_label for e in entries} == {"Lagebild veröffentlicht"}
    assert "Altbestand" in response.content.decode() and "Unbekannt" not in response.content.decode()
    assert AuditEntry.objects.get(actor_repr="Unbekannt").aktion_label == "Sonstiges"


# --- Origin: IP address and user agent, also for entries written in services ---------------------


def test_entry_written_in_a_service_records_ip_and_user_agent(login, user_factory):
    """The calendar subscription is audited inside veranstaltungen.services (no request there)."""
    user = user_factory("mitglied")
    response = login(user).post(
        "/kalender/abo/", REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Testbrowser/2.0"
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(aktion=Aktion.KALENDER_ABO_ERSTELLT)
    assert (entry.actor, entry.ip, entry.user_agent) == (user, "198.51.100.23", "Testbrowser/2.0")


def test_the_log_page_shows_the_user_agent(login, geschaeftsstelle):
    client = login(geschaeftsstelle)
    client.post("/kalender/abo/", REMOTE_ADDR="198.51.100.24", HTTP_USER_AGENT="Testbrowser/3.0")
    content = client.get(reverse("audit:liste"), {"aktion": Aktion.KALENDER_ABO_ERSTELLT}).content.decode()
    assert "198.51.100.24" in content and "Testbrowser/3.0" in content


def test_no_origin_outside_a_request(geschaeftsstelle, login):
    from audit.context import current_origin

    login(geschaeftsstelle).get(reverse("audit:liste"), REMOTE_ADDR="198.51.100.25")
    assert current_origin() is None  # the middleware resets it after each request
    entry = audit_log(aktion=Aktion.EXPORT, actor=geschaeftsstelle)
    assert entry.ip is None and entry.user_agent == ""
