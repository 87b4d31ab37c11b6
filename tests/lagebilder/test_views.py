"""Create, edit, upload, download, stamping, VS-NfD marking, audit and query budgets."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from audit.models import Aktion, AuditEntry
from lagebilder.models import Lagebild, LagebildGroupObjectPermission, Sichtbarkeit
from tests.dateien.files import corpus_bad_files, pdf_bytes

pytestmark = pytest.mark.django_db


def _form_data(fachgebiet, **overrides):
    data = {
        "titel": "Lagebild Rotlicht Oktober",
        "zusammenfassung": "Zunahme von Kontrollen im Bereich Rotlicht.",
        "zeitraum_von": "2026-10-01",
        "zeitraum_bis": "2026-10-31",
        "region": "",
        "fachgebiete": [fachgebiet.pk],
        "klassifikation": "offen",
        "sichtbarkeit": "eigene_behoerde",
        "aenderungshinweis": "Erstfassung",
        "veroeffentlichen": "on",
    }
    data.update(overrides)
    return data


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_create_with_visibility_for_one_other_authority(world, login, fachgebiet):
    client = login(world.users["b_mitglied"])
    data = _form_data(fachgebiet, sichtbarkeit="behoerden", behoerden=[world.c.pk])
    data["datei"] = SimpleUploadedFile("Lage Oktober.pdf", pdf_bytes("Oktober"))
    response = client.post(reverse("lagebilder:neu"), data)
    assert response.status_code == 302
    lagebild = Lagebild.objects.get(titel="Lagebild Rotlicht Oktober")
    assert lagebild.autor_behoerde == world.b
    assert lagebild.aktuelle_version.nummer == 1
    groups = set(
        LagebildGroupObjectPermission.objects.filter(content_object=lagebild).values_list(
            "group_id", flat=True
        )
    )
    assert groups == {world.b.gruppe_id, world.c.gruppe_id}
    assert login(world.users["c_mitglied"]).get(lagebild.get_absolute_url()).status_code == 200
    assert login(world.users["a_mitglied"]).get(lagebild.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"zeitraum_bis": "2026-09-01"}, "zeitraum_bis", "nicht vor dem Beginn"),
        ({"sichtbarkeit": "behoerden", "behoerden": [987654]}, "behoerden", "gibt es nicht"),
        ({"sichtbarkeit": "behoerden", "behoerden": ["abc"]}, "behoerden", "gibt es nicht"),
        ({"sichtbarkeit": "arbeitskreise", "arbeitskreise": [987654]}, "arbeitskreise", "gibt es nicht"),
        ({"sichtbarkeit": "behoerden"}, "behoerden", "mindestens eine Behörde"),
        ({"klassifikation": "vs_nfd", "sichtbarkeit": "alle_partner"}, "sichtbarkeit", "Geschäftsstelle"),
        ({"region": "kr:999999"}, "region", "keine gültige Auswahl"),
    ],
)
def test_bad_form_input_is_refused_and_changes_nothing(world, login, fachgebiet, overrides, field, message):
    client = login(world.users["b_mitglied"])
    data = _form_data(fachgebiet, **overrides)
    data["datei"] = SimpleUploadedFile("a.pdf", pdf_bytes())
    before = Lagebild.objects.count()
    response = client.post(reverse("lagebilder:neu"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Lagebild.objects.count() == before


def test_geschaeftsstelle_may_release_vsnfd_for_all(world, login, fachgebiet):
    client = login(world.users["gs"])
    data = _form_data(
        fachgebiet, klassifikation="vs_nfd", sichtbarkeit="alle_partner", vsnfd_alle_freigegeben="on"
    )
    data["datei"] = SimpleUploadedFile("a.pdf", pdf_bytes())
    assert client.post(reverse("lagebilder:neu"), data).status_code == 302
    lagebild = Lagebild.objects.get(titel="Lagebild Rotlicht Oktober")
    assert lagebild.fuer_alle_partner and lagebild.vsnfd_alle_freigegeben
    assert login(world.users["c_mitglied"]).get(lagebild.get_absolute_url()).status_code == 200


def test_vsnfd_flag_field_is_not_offered_to_others(world, login, fachgebiet):
    client = login(world.users["a_ap"])
    response = client.get(reverse("lagebilder:neu"))
    assert "vsnfd_alle_freigegeben" not in response.context["form"].fields
    data = _form_data(
        fachgebiet, klassifikation="vs_nfd", sichtbarkeit="alle_partner", vsnfd_alle_freigegeben="on"
    )
    data["datei"] = SimpleUploadedFile("a.pdf", pdf_bytes())
    assert client.post(reverse("lagebilder:neu"), data).status_code == 200


BAD = corpus_bad_files()


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_upload_through_the_form_is_refused_and_audited(world, login, fachgebiet, name):
    code, content = BAD[name]
    client = login(world.users["a_mitglied"])
    data = _form_data(fachgebiet)
    data["datei"] = SimpleUploadedFile(name, content)
    response = client.post(reverse("lagebilder:neu"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["datei"]
    assert not Lagebild.objects.filter(titel="Lagebild Rotlicht Oktober").exists()
    entry = AuditEntry.objects.get(aktion=Aktion.DATEI_ABGELEHNT, actor=world.users["a_mitglied"])
    assert entry.details["grund"] == code


def test_oversize_upload_is_refused(world, login, fachgebiet, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    client = login(world.users["a_mitglied"])
    data = _form_data(fachgebiet)
    data["datei"] = SimpleUploadedFile("gross.pdf", pdf_bytes("x" * 10, pages=30))
    response = client.post(reverse("lagebilder:neu"), data)
    assert response.status_code == 200
    assert "zu groß" in " ".join(response.context["form"].errors["datei"])


def test_new_version_keeps_old_ones_and_both_download(world, login):
    lagebild = world.reports["behoerden"]
    client = login(world.users["a_autor"])
    response = client.post(
        reverse("lagebilder:version_neu", args=[lagebild.pk]),
        {
            "datei": SimpleUploadedFile("v2.pdf", pdf_bytes("Zweite Fassung")),
            "aenderungshinweis": "Zahlen ergänzt",
        },
    )
    assert response.status_code == 302
    lagebild.refresh_from_db()
    assert lagebild.aktuelle_version.nummer == 2
    assert lagebild.versionen.count() == 2
    reader = login(world.users["b_mitglied"])
    v1 = _content(reader.get(reverse("lagebilder:version_download", args=[lagebild.pk, 1])))
    v2 = _content(reader.get(reverse("lagebilder:download", args=[lagebild.pk])))
    assert "Zweite Fassung" in PdfReader(io.BytesIO(v2)).pages[0].extract_text()
    assert "Zweite Fassung" not in PdfReader(io.BytesIO(v1)).pages[0].extract_text()


def test_download_headers_and_audit(world, login):
    lagebild = world.reports["behoerden"]
    user = world.users["b_mitglied"]
    response = login(user).get(reverse("lagebilder:download", args=[lagebild.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=" in response["Content-Disposition"] or 'filename="' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    entry = AuditEntry.objects.get(aktion=Aktion.DATEI_HERUNTERGELADEN, actor=user)
    assert entry.objekt_id == str(lagebild.pk)
    assert entry.details["version"] == 1
    assert entry.actor_behoerde_repr == world.b.name
    assert entry.behoerde_id == world.a.pk


def test_detail_view_is_audited_and_read_log_shown_to_author_authority(world, login):
    lagebild = world.reports["behoerden"]
    login(world.users["b_mitglied"]).get(lagebild.get_absolute_url())
    entry = AuditEntry.objects.get(aktion=Aktion.OBJEKT_ANGESEHEN, actor=world.users["b_mitglied"])
    assert entry.objekt_id == str(lagebild.pk)
    response = login(world.users["a_mitglied"]).get(lagebild.get_absolute_url())
    assert world.users["b_mitglied"].email in response.content.decode()
    response = login(world.users["b_ap"]).get(lagebild.get_absolute_url())
    assert "lesezugriffe" not in response.context


def test_read_log_page_lists_every_access_page_by_page(world, login):
    from audit.services import audit_log

    lagebild = world.reports["behoerden"]
    reader = world.users["b_mitglied"]
    for _ in range(61):
        audit_log(aktion=Aktion.OBJEKT_ANGESEHEN, actor=reader, objekt=lagebild)
    author_side = login(world.users["a_mitglied"])
    detail = author_side.get(lagebild.get_absolute_url())
    assert len(detail.context["lesezugriffe"]) == 10
    assert reverse("lagebilder:abrufe", args=[lagebild.pk]) in detail.content.decode()
    first = author_side.get(reverse("lagebilder:abrufe", args=[lagebild.pk]))
    assert first.status_code == 200
    assert len(first.context["page"].object_list) == 50
    # 61 entries above + the author-side colleague's own view of the detail page
    assert "62 Abrufe" in first.content.decode()
    second = author_side.get(reverse("lagebilder:abrufe", args=[lagebild.pk]) + "?seite=2")
    assert len(second.context["page"].object_list) == 12
    assert reader.email in second.content.decode()
    for bad in ("?seite=999", "?seite=abc"):
        assert author_side.get(reverse("lagebilder:abrufe", args=[lagebild.pk]) + bad).status_code == 200
    assert login(world.users["gs"]).get(reverse("lagebilder:abrufe", args=[lagebild.pk])).status_code == 200


@pytest.mark.parametrize("person", ["b_mitglied", "b_ap", "c_mitglied"])
def test_read_log_page_is_hidden_from_other_authorities(world, login, person):
    lagebild = world.reports["behoerden"]
    response = login(world.users[person]).get(reverse("lagebilder:abrufe", args=[lagebild.pk]))
    assert response.status_code == 404


def test_vsnfd_pages_show_marking_and_pdf_is_stamped(world, login):
    lagebild = world.reports["vsnfd_behoerden"]
    user = world.users["b_mitglied"]
    client = login(user)
    for url in (lagebild.get_absolute_url(), reverse("lagebilder:liste")):
        html = client.get(url).content.decode()
        assert 'class="vs-marking"' in html and "VS – NUR FÜR DEN DIENSTGEBRAUCH" in html
    for url in (
        reverse("lagebilder:download", args=[lagebild.pk]),
        reverse("lagebilder:version_download", args=[lagebild.pk, 1]),
    ):
        pdf = PdfReader(io.BytesIO(_content(client.get(url))))
        for page in pdf.pages:
            text = page.extract_text()
            assert "VS – NUR FÜR DEN DIENSTGEBRAUCH" in text
            assert f"abgerufen von {user.get_full_name()} ({world.b.name}) am" in text


def test_open_report_pdf_is_not_stamped_and_page_has_no_marking(world, login):
    lagebild = world.reports["behoerden"]
    client = login(world.users["b_mitglied"])
    assert 'class="vs-marking"' not in client.get(lagebild.get_absolute_url()).content.decode()
    pdf = PdfReader(io.BytesIO(_content(client.get(reverse("lagebilder:download", args=[lagebild.pk])))))
    assert "abgerufen von" not in pdf.pages[0].extract_text()


def test_x_accel_download(world, login, settings):
    settings.DOWNLOAD_BACKEND = "x-accel"
    lagebild = world.reports["behoerden"]
    response = login(world.users["b_mitglied"]).get(reverse("lagebilder:download", args=[lagebild.pk]))
    assert response["X-Accel-Redirect"].startswith("/_geschuetzt_intern/dateien/")
    # VS-NfD PDFs are stamped per person, so they never go through nginx.
    vs = world.reports["vsnfd_behoerden"]
    response = login(world.users["b_mitglied"]).get(reverse("lagebilder:download", args=[vs.pk]))
    assert "X-Accel-Redirect" not in response


def test_ansprechpartner_of_other_authority_cannot_edit(world, login, fachgebiet):
    lagebild = world.reports["behoerden"]
    client = login(world.users["b_ap"])
    response = client.post(
        reverse("lagebilder:bearbeiten", args=[lagebild.pk]), _form_data(fachgebiet, titel="X")
    )
    assert response.status_code == 404
    lagebild.refresh_from_db()
    assert lagebild.titel == "Geteilt mit Beta"


def test_edit_reshares(world, login, fachgebiet):
    lagebild = world.reports["eigene"]
    client = login(world.users["a_ap"])
    data = _form_data(
        fachgebiet, titel="Nur Alpha intern", sichtbarkeit="arbeitskreise", arbeitskreise=[world.ak.pk]
    )
    assert client.post(reverse("lagebilder:bearbeiten", args=[lagebild.pk]), data).status_code == 302
    lagebild.refresh_from_db()
    assert lagebild.sichtbarkeit == Sichtbarkeit.ARBEITSKREISE
    assert login(world.users["c_ak"]).get(lagebild.get_absolute_url()).status_code == 200
    assert login(world.users["c_mitglied"]).get(lagebild.get_absolute_url()).status_code == 404


def test_list_filters(world, login, fachgebiet):
    client = login(world.users["b_mitglied"])
    url = reverse("lagebilder:liste")
    shared = {lb["titel"] for lb in client.get(url, {"geteilt": "on"}).context["lagebilder"]}
    assert shared == {"Geteilt mit Beta", "VS Geteilt mit Beta"}
    vs = {lb["titel"] for lb in client.get(url, {"klassifikation": "vs_nfd"}).context["lagebilder"]}
    assert vs == {"VS Geteilt mit Beta"}
    assert client.get(url, {"von": "2027-01-01"}).context["lagebilder"] == []
    assert len(client.get(url, {"fachgebiet": fachgebiet.slug}).context["lagebilder"]) == 3
    assert len(client.get(url, {"behoerde": world.b.pk}).context["lagebilder"]) == 0


def test_keyset_pagination_walks_all_pages(world, login, lagebild_factory):
    for _ in range(30):
        lagebild_factory(world.users["a_autor"], sichtbarkeit=Sichtbarkeit.ALLE_PARTNER, upload=False)
    client = login(world.users["c_mitglied"])
    seen, params = [], {}
    while True:
        response = client.get(reverse("lagebilder:liste"), params)
        seen += [lb["pk"] for lb in response.context["lagebilder"]]
        if not response.context["next_cursor"]:
            break
        params = {"nach": response.context["next_cursor"]}
    expected = list(Lagebild.objects.visible_to(world.users["c_mitglied"]).values_list("pk", flat=True))
    assert seen == expected  # default ordering: newest first
    back = client.get(reverse("lagebilder:liste"), {"vor": response.context["prev_cursor"]})
    assert [lb["pk"] for lb in back.context["lagebilder"]] == expected[:25]


@pytest.mark.parametrize("count", [10, 300])
def test_list_query_budget_does_not_grow(
    world, login, lagebild_factory, count, django_assert_max_num_queries
):
    from django.contrib.auth.models import Permission

    from lagebilder.models import Lagebild as LB

    perm = Permission.objects.get(codename="view_lagebild")
    base = world.reports["behoerden"]
    rows = LB.objects.bulk_create(
        [
            LB(
                titel=f"Massenbericht {i}",
                zusammenfassung="Text",
                zeitraum_von=base.zeitraum_von,
                zeitraum_bis=base.zeitraum_bis,
                autor=base.autor,
                autor_behoerde=world.a,
                status="veroeffentlicht",
                sichtbarkeit="behoerden",
            )
            for i in range(count)
        ]
    )
    LagebildGroupObjectPermission.objects.bulk_create(
        [LagebildGroupObjectPermission(content_object=r, group=world.b.gruppe, permission=perm) for r in rows]
    )
    client = login(world.users["b_mitglied"])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("lagebilder:liste"))
    assert len(response.context["lagebilder"]) == min(25, count + 3)
    with django_assert_max_num_queries(16):
        client.get(reverse("lagebilder:liste"), {"nach": response.context["next_cursor"], "geteilt": "on"})


def test_xhr_upload_answers_204_with_target(world, login, fachgebiet):
    client = login(world.users["a_mitglied"])
    data = _form_data(fachgebiet)
    data["datei"] = SimpleUploadedFile("a.pdf", pdf_bytes())
    response = client.post(reverse("lagebilder:neu"), data, headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 204
    lagebild = Lagebild.objects.get(titel="Lagebild Rotlicht Oktober")
    assert response["X-Weiter-Zu"] == lagebild.get_absolute_url()
    assert not AuditEntry.objects.filter(aktion=Aktion.OBJEKT_ANGESEHEN, objekt_id=str(lagebild.pk)).exists()
