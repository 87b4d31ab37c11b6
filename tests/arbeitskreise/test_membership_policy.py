"""One membership policy: joining or leaving an Arbeitskreis changes the board area, the Arbeitskreis
space and the Lagebilder shared with it together, on the next request."""

import datetime as dt

from arbeitskreise import access, services
from arbeitskreise.models import Arbeitskreis, Mitgliedschaft


def test_membership_opens_and_closes_board_space_and_lagebilder_together(db, user_factory, login):
    from austausch.models import Bereich, Thema
    from austausch.services import bereiche_ensure, thema_create
    from fachgebiete.models import Fachgebiet
    from lagebilder.models import Lagebild, Sichtbarkeit
    from lagebilder.services import lagebild_create

    ak = Arbeitskreis.objects.create(name="Bewachung", zweck="Bewachungsgewerbe")
    bereiche_ensure()
    bereich = Bereich.objects.get(arbeitskreis=ak)
    leitung, person = user_factory(), user_factory()
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=leitung, ist_leitung=True)
    thema = thema_create(
        bereich=bereich, by=leitung, titel="Nur intern", art="frage", text="Frage"
    ).beitrag.thema
    lagebild = lagebild_create(
        by=leitung,
        titel="Lage Bewachung",
        zusammenfassung="Nur für den Arbeitskreis.",
        zeitraum_von=dt.date(2026, 10, 1),
        zeitraum_bis=dt.date(2026, 10, 31),
        fachgebiete=[Fachgebiet.objects.create(name="Bewachungsgewerbe", slug="bewachung")],
        sichtbarkeit=Sichtbarkeit.ARBEITSKREISE,
        arbeitskreise=[ak],
    )
    client = login(person)

    def sees():
        return {
            "policy": list(access.arbeitskreise_of(person)) == [{"arbeitskreis_id": ak.pk}],
            "board": client.get(f"/austausch/thema/{thema.pk}/").status_code == 200,
            "space": client.get(f"/arbeitskreise/{ak.slug}/sitzungen.ics").status_code == 200,
            "lagebild": Lagebild.objects.visible_to(person).filter(pk=lagebild.pk).exists(),
            "thread list": Thema.objects.visible_to(person).filter(pk=thema.pk).exists(),
        }

    assert set(sees().values()) == {False}
    services.mitgliedschaft_add(arbeitskreis=ak, user=person, by=leitung)
    assert set(sees().values()) == {True}
    services.mitgliedschaft_remove(arbeitskreis=ak, user=person, by=leitung)
    assert set(sees().values()) == {False}


def test_leitung_is_derived_from_the_same_memberships(db, user_factory):
    ak = Arbeitskreis.objects.create(name="Rotlicht")
    other = Arbeitskreis.objects.create(name="Shisha")
    leitung, member = user_factory(), user_factory()
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=leitung, ist_leitung=True)
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=member)
    Mitgliedschaft.objects.create(arbeitskreis=other, user=member)
    assert set(access.arbeitskreise_of(member).values_list("arbeitskreis_id", flat=True)) == {ak.pk, other.pk}
    assert list(access.arbeitskreise_led_by(leitung).values_list("arbeitskreis_id", flat=True)) == [ak.pk]
    assert not access.arbeitskreise_led_by(member).exists()
    assert set(access.members_of(ak.pk).values_list("user_id", flat=True)) == {leitung.pk, member.pk}
    assert list(access.leitung_of(ak.pk).values_list("user_id", flat=True)) == [leitung.pk]
    member.is_active = False
    assert not access.arbeitskreise_of(member).exists()


def test_memberships_of_many_people_in_one_query(db, user_factory, django_assert_num_queries):
    ak = Arbeitskreis.objects.create(name="Rotlicht")
    other = Arbeitskreis.objects.create(name="Shisha")
    leitung, member, outsider, inactive = (user_factory() for _ in range(4))
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=leitung, ist_leitung=True)
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=member)
    Mitgliedschaft.objects.create(arbeitskreis=other, user=member)
    Mitgliedschaft.objects.create(arbeitskreis=other, user=inactive)
    inactive.is_active = False
    with django_assert_num_queries(1):
        result = access.memberships_of_many([leitung, member, outsider, inactive])
    assert result[leitung.pk].arbeitskreise == {ak.pk} and result[leitung.pk].leads == {ak.pk}
    assert result[member.pk].arbeitskreise == {ak.pk, other.pk} and result[member.pk].leads == frozenset()
    assert result[member.pk].gruppen == {ak.gruppe_id, other.gruppe_id}
    assert result[outsider.pk] == access.Memberships() == result[inactive.pk]
    # The same answer as the single-person policy functions.
    for person in (leitung, member, outsider):
        assert result[person.pk].arbeitskreise == set(
            access.arbeitskreise_of(person).values_list("arbeitskreis_id", flat=True)
        )
        assert result[person.pk].leads == set(
            access.arbeitskreise_led_by(person).values_list("arbeitskreis_id", flat=True)
        )
