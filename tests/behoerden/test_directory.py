import pytest
from django.urls import reverse

from audit.models import Aktion, AuditEntry
from behoerden.models import Behoerde

pytestmark = pytest.mark.django_db


@pytest.fixture
def essen(reference_data):
    return Behoerde.objects.get(name="Polizeipräsidium Essen")


def _add_people(user_factory, behoerden, count):
    for i in range(count):
        user_factory("mitglied", behoerde=behoerden[i % len(behoerden)], funktion=f"Funktion {i}")


def test_list_filters_by_kind_and_kreis(reference_data, login, mitglied):
    client = login(mitglied)
    response = client.get(reverse("behoerden:list"), {"art": "polizei", "kreis": "essen"})
    names = [b.name for b in response.context["page"]]
    assert names == ["Polizeipräsidium Essen"]


def test_list_search_by_name(reference_data, login, mitglied):
    response = login(mitglied).get(reverse("behoerden:list"), {"q": "Hauptzollamt"})
    assert {b.name for b in response.context["page"]} == {
        "Hauptzollamt Dortmund",
        "Hauptzollamt Duisburg",
        "Hauptzollamt Essen",
    }


def test_invalid_filter_is_ignored_with_message(reference_data, login, mitglied):
    response = login(mitglied).get(reverse("behoerden:list"), {"art": "geheimdienst"})
    assert response.status_code == 200
    assert "Der Filter „Art“ wurde nicht angewendet: unbekannter Wert." in response.content.decode()


@pytest.mark.parametrize("people", [10, 500])
def test_list_and_detail_query_count_is_constant(
    reference_data, essen, user_factory, login, django_assert_max_num_queries, people
):
    behoerden = list(Behoerde.objects.order_by("pk")[:20])
    _add_people(user_factory, [essen, *behoerden], people)
    client = login(user_factory("mitglied", behoerde=essen))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("behoerden:list")).status_code == 200
    with django_assert_max_num_queries(10):
        response = client.get(reverse("behoerden:detail", args=[essen.slug]))
    assert response.status_code == 200


def test_detail_lists_only_people_who_chose_to_be_listed(essen, user_factory, login):
    listed = user_factory("mitglied", behoerde=essen, last_name="Sichtbar")
    user_factory("mitglied", behoerde=essen, last_name="Unsichtbar", im_verzeichnis=False)
    user_factory("mitglied", behoerde=essen, last_name="Deaktiviert", is_active=False)
    content = login(listed).get(reverse("behoerden:detail", args=[essen.slug])).content.decode()
    assert "Sichtbar" in content
    assert "Unsichtbar" not in content
    assert "Deaktiviert" not in content


def test_ansprechpartner_edits_own_authority_and_is_audited(essen, user_factory, login):
    ap = user_factory("ansprechpartner", behoerde=essen)
    response = login(ap).post(
        reverse("behoerden:edit", args=[essen.slug]),
        {
            "kurzname": "PP E",
            "strasse": "Büscherstraße 2-6",
            "plz": "45131",
            "ort": "Essen",
            "telefon": "0201 829-0",
            "funktionspostfach": "poststelle.essen@polizei.nrw.de",
            "zustaendigkeiten": "Essen, Mülheim",
        },
    )
    assert response.status_code == 302
    essen.refresh_from_db()
    assert essen.strasse == "Büscherstraße 2-6"
    entry = AuditEntry.objects.get(aktion=Aktion.BEHOERDE_GEAENDERT)
    assert entry.actor == ap
    assert "strasse" in entry.details["felder"]


def test_ansprechpartner_cannot_edit_other_authority(essen, reference_data, user_factory, login):
    other = Behoerde.objects.get(name="Stadt Essen")
    ap = user_factory("ansprechpartner", behoerde=other)
    response = login(ap).post(reverse("behoerden:edit", args=[essen.slug]), {"strasse": "Gefälscht 1"})
    assert response.status_code == 404
    essen.refresh_from_db()
    assert essen.strasse != "Gefälscht 1"


def test_mitglied_cannot_edit_own_authority(essen, user_factory, login):
    member = user_factory("mitglied", behoerde=essen)
    assert login(member).get(reverse("behoerden:edit", args=[essen.slug])).status_code == 404


@pytest.mark.parametrize("plz", ["4513X", "①②③④⑤", "４５１３１"])
def test_invalid_postcode_is_refused_in_german(essen, user_factory, login, plz):
    """Five ASCII digits only: circled or full-width digits count as digits for str.isdigit()."""
    ap = user_factory("ansprechpartner", behoerde=essen)
    response = login(ap).post(
        reverse("behoerden:edit", args=[essen.slug]), {"plz": plz, "kurzname": "PP Essen"}
    )
    assert response.status_code == 200
    assert "fünfstellige Postleitzahl" in response.content.decode()
    essen.refresh_from_db()
    assert essen.plz != plz


def test_region_page_shows_structure(reference_data, login, mitglied):
    content = login(mitglied).get(reverse("behoerden:region")).content.decode()
    assert "Regierungsbezirk Münster" in content
    assert "Kreispolizeibehörde Unna" in content
    assert "Haltern am See" in content


def test_reference_data_is_idempotent(reference_data):
    from behoerden.models import Gemeinde
    from behoerden.reference import load_reference_data

    before = (Behoerde.objects.count(), Gemeinde.objects.count())
    load_reference_data()
    assert (Behoerde.objects.count(), Gemeinde.objects.count()) == before


def test_search_finds_authority_and_escapes_input(reference_data, login, mitglied):
    client = login(mitglied)
    response = client.get(reverse("search"), {"q": "Hauptzollamt"})
    assert "Hauptzollamt Dortmund" in response.content.decode()
    response = client.get(reverse("search"), {"q": "<script>alert(1)</script>" + "x" * 10000})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_edit_form_shows_a_saved_change_at_once_and_each_authority_its_own_values(
    essen, reference_data, user_factory, login
):
    """The edit form's HTML is shared per distinct form (portal.form_html, key with the initial values):
    after saving, the form shows the new values; another authority's form never shows Essen's."""
    other = Behoerde.objects.get(name="Stadt Essen")
    client = login(user_factory("geschaeftsstelle"))
    url = reverse("behoerden:edit", args=[essen.slug])
    before = client.get(url).content.decode()
    assert f'value="{essen.kurzname}"' in before
    data = {
        "kurzname": "PP E neu",
        "strasse": "Neue Straße 1",
        "plz": "45131",
        "ort": "Essen",
        "telefon": "0201 829-0",
        "funktionspostfach": "poststelle.essen@polizei.nrw.de",
        "zustaendigkeiten": "Essen, Mülheim an der Ruhr",
    }
    assert client.post(url, data).status_code == 302
    after = client.get(url).content.decode()
    assert 'value="PP E neu"' in after and 'value="Neue Straße 1"' in after
    assert "Essen, Mülheim an der Ruhr</textarea>" in after
    other_form = client.get(reverse("behoerden:edit", args=[other.slug])).content.decode()
    assert "Neue Straße 1" not in other_form and "PP E neu" not in other_form
    # The CSRF token is this request's, outside the shared HTML.
    assert 'name="csrfmiddlewaretoken"' in after
