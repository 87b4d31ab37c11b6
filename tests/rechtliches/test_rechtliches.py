import pytest
from django.urls import reverse

from audit.models import Aktion, AuditEntry
from rechtliches.models import Bestaetigung, Regelwerk

pytestmark = pytest.mark.django_db


@pytest.fixture
def regelwerke():
    return [
        Regelwerk.objects.create(
            art=Regelwerk.Art.NUTZUNGSBEDINGUNGEN, version=1, titel="NB", text="<p>NB</p>"
        ),
        Regelwerk.objects.create(art=Regelwerk.Art.MERKBLATT, version=1, titel="MB", text="<p>MB</p>"),
    ]


def test_unconfirmed_person_sees_no_content(login, user_factory, regelwerke):
    client = login(user_factory("mitglied", confirmed=False))
    response = client.get("/behoerden/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("rechtliches:bestaetigen"))


def test_confirmation_opens_the_portal_and_is_stored(login, user_factory, regelwerke):
    person = user_factory("mitglied", confirmed=False)
    client = login(person)
    response = client.post(
        reverse("rechtliches:bestaetigen"),
        {"regelwerk": [r.pk for r in regelwerke], "gelesen": "on", "next": "/behoerden/"},
    )
    assert response.status_code == 302 and response["Location"] == "/behoerden/"
    assert Bestaetigung.objects.filter(user=person).count() == 2
    assert AuditEntry.objects.filter(aktion=Aktion.REGELWERK_BESTAETIGT, actor=person).exists()
    assert client.get("/behoerden/").status_code == 200


def test_outdated_version_is_refused_and_new_version_asks_again(login, user_factory, regelwerke):
    person = user_factory("mitglied")  # confirmed version 1
    client = login(person)
    assert client.get("/behoerden/").status_code == 200
    neu = Regelwerk.objects.create(art=Regelwerk.Art.MERKBLATT, version=2, titel="MB2", text="<p>neu</p>")
    assert client.get("/behoerden/").status_code == 302
    response = client.post(
        reverse("rechtliches:bestaetigen"),
        {"regelwerk": [r.pk for r in regelwerke], "gelesen": "on"},
        follow=True,
    )
    assert "nicht mehr aktuell" in response.content.decode()
    assert not Bestaetigung.objects.filter(user=person, regelwerk=neu).exists()


def test_legal_pages_are_linked_from_the_login_page(client):
    html = client.get(reverse("account_login")).content.decode()
    for name in ("impressum", "datenschutz", "barrierefreiheit"):
        assert reverse(f"rechtliches:{name}") in html


def test_own_data_contains_nothing_about_other_people(login, user_factory):
    from audit.services import audit_log

    person = user_factory("mitglied", last_name="Eigen")
    other = user_factory("mitglied", last_name="Fremd")
    login(other).get("/behoerden/")
    # Entries that involve both: by the other person about this one, and by this person about the other.
    audit_log(aktion=Aktion.PROFIL_GEAENDERT, actor=other, subject=person, objekt=person)
    audit_log(aktion=Aktion.ROLLE_GEAENDERT, actor=person, subject=other, objekt=other, neu="Fremd")
    response = login(person).get(reverse("rechtliches:meine_daten_json"))
    assert response.status_code == 200
    text = response.content.decode()
    assert person.email in text and other.email not in text and "Fremd" not in text
    assert "Rolle geändert" in text  # the person's own action is listed, without the other's name
    assert AuditEntry.objects.filter(aktion=Aktion.EIGENE_DATEN_ABGERUFEN, actor=person).exists()


def test_confirmation_expires_after_twelve_months(login, user_factory, regelwerke):
    import datetime

    from django.utils import timezone

    person = user_factory("mitglied")
    Bestaetigung.objects.filter(user=person).update(
        bestaetigt_am=timezone.now() - datetime.timedelta(days=366)
    )
    response = login(person).get("/behoerden/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("rechtliches:bestaetigen"))


def test_confirmation_without_reading_is_refused(login, user_factory, regelwerke):
    person = user_factory("mitglied", confirmed=False)
    response = login(person).post(
        reverse("rechtliches:bestaetigen"), {"regelwerk": [r.pk for r in regelwerke]}
    )
    assert response.status_code == 200
    assert "Bitte bestätigen Sie, dass Sie beide Texte gelesen haben." in response.content.decode()
    assert not Bestaetigung.objects.filter(user=person).exists()


def test_confirmation_page_next_stays_local(login, user_factory, regelwerke):
    client = login(user_factory("mitglied", confirmed=False))
    response = client.post(
        reverse("rechtliches:bestaetigen"),
        {"regelwerk": [r.pk for r in regelwerke], "gelesen": "on", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize("viewer_role", ["geschaeftsstelle", "ansprechpartner"])
def test_confirmations_are_shown_on_the_person_page(
    login, user_factory, behoerde_factory, regelwerke, viewer_role
):
    behoerde = behoerde_factory()
    person = user_factory("mitglied", behoerde=behoerde)
    viewer = user_factory(viewer_role, behoerde=behoerde)
    html = login(viewer).get(reverse("accounts:person", args=[person.pk])).content.decode()
    assert "Nutzungsbedingungen, Fassung 1" in html and "VS-NfD-Merkblatt, Fassung 1" in html


def test_own_data_html_page(login, user_factory):
    person = user_factory("mitglied", last_name="Eigen")
    response = login(person).get(reverse("rechtliches:meine_daten"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Meine gespeicherten Daten" in html and person.email in html
    assert AuditEntry.objects.filter(aktion=Aktion.EIGENE_DATEN_ABGERUFEN, actor=person).count() == 1


def test_a_version_saved_in_another_process_asks_again_at_the_next_request(login, user_factory, regelwerke):
    """Each process keeps the current versions under the content generation (rechtliches.services): a
    version saved elsewhere reaches this process through the shared generation alone."""
    from portal import content_cache

    client = login(user_factory("mitglied"))
    assert client.get("/behoerden/").status_code == 200  # the current versions are now kept locally
    # Another process saves a new version: its row (no signal in this process) and its generation bump.
    Regelwerk.objects.bulk_create(
        [Regelwerk(art=Regelwerk.Art.NUTZUNGSBEDINGUNGEN, version=2, titel="NB2", text="<p>neu</p>")]
    )
    content_cache.new_generation()
    response = client.get("/behoerden/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("rechtliches:bestaetigen"))


def test_saving_a_version_renews_the_content_generation(regelwerke):
    from portal import content_cache

    before = content_cache.generation()
    Regelwerk.objects.create(art=Regelwerk.Art.MERKBLATT, version=2, titel="MB2", text="<p>neu</p>")
    assert content_cache.generation() != before


def test_a_scheduled_version_takes_effect_on_time(login, user_factory, regelwerke):
    import datetime
    import time

    from django.utils import timezone

    from rechtliches.services import current_regelwerk_ids

    soon = Regelwerk.objects.create(
        art=Regelwerk.Art.MERKBLATT,
        version=2,
        titel="MB2",
        text="<p>bald</p>",
        veroeffentlicht_am=timezone.now() + datetime.timedelta(seconds=1),
    )
    assert soon.pk not in current_regelwerk_ids()
    time.sleep(1.2)  # the kept value ends with the publication date
    assert soon.pk in current_regelwerk_ids()
