from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from erhebungen.models import Erinnerung, Meldung, MeldungKorrektur, Wert
from erhebungen.services import (
    MeldungFehler,
    erinnerungen_send,
    indikator_version_create,
    meldung_correct,
    meldung_get_or_create,
    meldung_reopen,
    meldung_save,
)


def test_changing_a_definition_creates_a_version_and_keeps_old_submissions(
    erhebung_factory, raster, geo, user_factory
):
    alt = erhebung_factory()
    user = user_factory(behoerde=geo["a"])
    meldung = meldung_get_or_create(erhebung=alt, behoerde=geo["a"])
    v1 = raster["kontrollen"].aktuelle_version
    meldung_save(meldung=meldung, by=user, werte={v1.pk: "12"})

    v2 = indikator_version_create(
        indikator=raster["kontrollen"], name="Kontrollen (inkl. gemeinsamer)", maximum=Decimal(50)
    )
    neu = erhebung_factory()

    assert v2.nummer == 2
    assert raster["kontrollen"].aktuelle_version == v2
    v1.refresh_from_db()
    assert v1.name == "Kontrollen" and v1.maximum == Decimal(1000)
    wert = Wert.objects.get(meldung=meldung)
    assert wert.indikator_version == v1 and wert.zahl == 12
    assert list(alt.indikatoren.filter(indikator=raster["kontrollen"])) == [v1]
    assert list(neu.indikatoren.filter(indikator=raster["kontrollen"])) == [v2]
    # An unchanged definition creates no new version.
    assert (
        indikator_version_create(indikator=raster["kontrollen"], name="Kontrollen (inkl. gemeinsamer)") == v2
    )


def test_draft_by_several_people_then_submit_locks(erhebung, raster, geo, user_factory):
    first, second = user_factory(behoerde=geo["a"]), user_factory("ansprechpartner", behoerde=geo["a"])
    meldung = meldung_get_or_create(erhebung=erhebung, behoerde=geo["a"])
    ids = {k: i.aktuelle_version.pk for k, i in raster.items()}
    meldung_save(
        meldung=meldung, by=first, werte={ids["kontrollen"]: "1.234"[:1] + "0", ids["tabak"]: "12,5 kg"}
    )
    meldung_save(
        meldung=meldung,
        by=second,
        werte={ids["vermoegen"]: "1.234,50 €", ids["schwerpunkt"]: "ja"},
        erkenntnisse={geo["fg"].pk: "Mehr Kontrollen nachts."},
        submit=True,
    )
    meldung.refresh_from_db()
    assert meldung.status == Meldung.Status.EINGEREICHT and meldung.eingereicht_von == second
    assert {w.indikator_version_id: w.zahl for w in meldung.werte.all()} == {
        ids["kontrollen"]: Decimal(10),
        ids["tabak"]: Decimal("12.5"),
        ids["vermoegen"]: Decimal("1234.50"),
        ids["schwerpunkt"]: Decimal(1),
    }
    with pytest.raises(MeldungFehler) as exc:
        meldung_save(meldung=meldung, by=first, werte={ids["kontrollen"]: "11"})
    assert "eingereicht und gesperrt" in exc.value.general
    assert Wert.objects.get(meldung=meldung, indikator_version_id=ids["kontrollen"]).zahl == 10


def test_bad_values_save_nothing_and_name_each_field(erhebung, raster, geo, user_factory):
    user = user_factory(behoerde=geo["a"])
    meldung = meldung_get_or_create(erhebung=erhebung, behoerde=geo["a"])
    ids = {k: i.aktuelle_version.pk for k, i in raster.items()}
    with pytest.raises(MeldungFehler) as exc:
        meldung_save(
            meldung=meldung,
            by=user,
            werte={
                ids["kontrollen"]: "-4",
                ids["tabak"]: "viel",
                ids["vermoegen"]: "20.000.000 €",
                ids["schwerpunkt"]: "ja",
            },
        )
    errors = exc.value.errors
    assert "negativ" in errors[f"wert_{ids['kontrollen']}"]
    assert "keine Zahl" in errors[f"wert_{ids['tabak']}"]
    assert "nicht größer als 10.000.000" in errors[f"wert_{ids['vermoegen']}"]
    assert not Wert.objects.filter(meldung=meldung).exists()


def test_submit_requires_all_values(erhebung, raster, geo, user_factory):
    user = user_factory(behoerde=geo["a"])
    meldung = meldung_get_or_create(erhebung=erhebung, behoerde=geo["a"])
    with pytest.raises(MeldungFehler) as exc:
        meldung_save(
            meldung=meldung, by=user, werte={raster["kontrollen"].aktuelle_version.pk: "3"}, submit=True
        )
    assert "fehlen" in exc.value.general
    meldung.refresh_from_db()
    assert meldung.status == Meldung.Status.ENTWURF and not meldung.werte.exists()


def test_submission_after_deadline_is_refused_unless_reopened(
    erhebung_factory, raster, geo, user_factory, geschaeftsstelle
):
    erhebung = erhebung_factory(frist=timezone.localdate() - timedelta(days=1))
    user = user_factory(behoerde=geo["b"])
    meldung = meldung_get_or_create(erhebung=erhebung, behoerde=geo["b"])
    werte = {i.aktuelle_version.pk: "1" if k != "schwerpunkt" else "nein" for k, i in raster.items()}
    with pytest.raises(MeldungFehler) as exc:
        meldung_save(meldung=meldung, by=user, werte=werte, submit=True)
    assert "Meldefrist" in exc.value.general and "abgelaufen" in exc.value.general
    assert not meldung.werte.exists()

    meldung_reopen(meldung=meldung, by=geschaeftsstelle, grund="Krankheitsbedingt verspätet")
    meldung_save(meldung=meldung, by=user, werte=werte, submit=True)
    meldung.refresh_from_db()
    assert meldung.ist_eingereicht
    assert list(meldung.korrekturen.values_list("art", flat=True)) == ["wiedereroeffnet", "eingereicht"]


def test_other_authority_cannot_write(erhebung, raster, geo, user_factory):
    meldung = meldung_get_or_create(erhebung=erhebung, behoerde=geo["a"])
    with pytest.raises(MeldungFehler):
        meldung_save(
            meldung=meldung,
            by=user_factory(behoerde=geo["b"]),
            werte={raster["kontrollen"].aktuelle_version.pk: "3"},
        )
    assert not meldung.werte.exists()


def test_correction_keeps_old_and_new_value_and_reason(
    erhebung, raster, geo, submit_values, geschaeftsstelle, user_factory
):
    submit_values(erhebung, {geo["a"]: {raster["kontrollen"]: "7"}})
    meldung = Meldung.objects.get(erhebung=erhebung, behoerde=geo["a"])
    version = raster["kontrollen"].aktuelle_version
    with pytest.raises(MeldungFehler) as exc:
        meldung_correct(meldung=meldung, indikator_version=version, raw="9", grund=" ", by=geschaeftsstelle)
    assert "begründen" in exc.value.errors["grund"]
    with pytest.raises(MeldungFehler):
        meldung_correct(
            meldung=meldung, indikator_version=version, raw="9", grund="x", by=user_factory(behoerde=geo["a"])
        )
    korrektur = meldung_correct(
        meldung=meldung, indikator_version=version, raw="9", grund="Nachmeldung", by=geschaeftsstelle
    )
    assert (korrektur.alter_wert, korrektur.neuer_wert, korrektur.grund) == ("7", "9", "Nachmeldung")
    assert Wert.objects.get(meldung=meldung).zahl == 9
    assert MeldungKorrektur.objects.filter(meldung=meldung, art="korrektur").count() == 1


def test_reminder_task_sends_exactly_one_per_authority_and_deadline(
    erhebung_factory, raster, geo, user_factory, submit_values
):
    from erhebungen.tasks import send_erhebung_reminders

    erhebung = erhebung_factory(frist=timezone.localdate() + timedelta(days=3), erinnerung_tage=7)
    ap_a = user_factory("ansprechpartner", behoerde=geo["a"])
    user_factory("mitglied", behoerde=geo["a"])
    staff_b = [user_factory("mitglied", behoerde=geo["b"]), user_factory("mitglied", behoerde=geo["b"])]
    submit_values(erhebung, {geo["c"]: {raster["kontrollen"]: "1"}})  # C has submitted
    mail.outbox = []

    assert send_erhebung_reminders.delay().get() == 2
    assert send_erhebung_reminders.delay().get() == 0
    assert erinnerungen_send() == 0

    assert len(mail.outbox) == 2
    recipients = sorted(tuple(sorted(m.to)) for m in mail.outbox)
    assert recipients == sorted([(ap_a.email,), tuple(sorted(u.email for u in staff_b))])
    assert "Erinnerung" in mail.outbox[0].subject
    assert Erinnerung.objects.filter(erhebung=erhebung).count() == 2

    # A new deadline is a new reminder occasion.
    erhebung.frist = erhebung.frist + timedelta(days=1)
    erhebung.save()
    assert erinnerungen_send() == 2


def test_no_reminder_before_the_window(erhebung_factory):
    erhebung_factory(frist=timezone.localdate() + timedelta(days=30), erinnerung_tage=7)
    mail.outbox = []
    assert erinnerungen_send() == 0
    assert mail.outbox == []
