"""Digests computed once per group of recipients who see the same news are exactly the per-person ones.

Real news sources over the whole demo portal (pages, Lagebilder with every visibility option incl.
VS-NfD, board threads incl. closed Arbeitskreis areas, events for one kind of authority, measures,
Erhebungen), plus people who differ in every way the sources' `visible_to` can tell apart.
"""

import datetime
import json
import re
from collections import Counter
from dataclasses import replace

import pytest
from django.core import mail
from django.test.utils import CaptureQueriesContext

from newsletter import services
from newsletter.digest import CLASSIFIED_TITLE, digest_for, digests_for
from newsletter.emails import IssueContent, build_message
from newsletter.models import AusgabeStatus, NewsletterEinstellung, Zustellung, ZustellungStatus
from newsletter.tokens import PURPOSE_PREFERENCES, PURPOSE_UNSUBSCRIBE, link_token_read
from portal import news

SINCE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)  # everything in the demo counts as new
TOKEN_LINK = re.compile(r"/newsletter/(einstellungen/link|abmelden)/([^/\s\"<>]+)/")


@pytest.fixture
def people(demo, user_factory):
    """Recipients that differ in authority, Arbeitskreise (member / Leitung), role, topics, authorship
    (a Lagebild author who moved to another authority) and event organisation; plus look-alikes."""
    from django.contrib.auth.models import Group
    from wagtail.models import Page, PageViewRestriction

    from arbeitskreise.models import Arbeitskreis, Mitgliedschaft
    from behoerden.models import Behoerde
    from fachgebiete.models import Fachgebiet
    from lagebilder.models import Klassifikation, Sichtbarkeit
    from lagebilder.services import lagebild_create
    from veranstaltungen.models import VeranstaltungPage

    essen, duisburg = demo.users["pp-essen-ap"].behoerde, demo.users["stadt-duisburg-ap"].behoerde
    gelsenkirchen, zoll = (
        demo.users["stadt-gelsenkirchen-ap"].behoerde,
        demo.users["hza-dortmund-ap"].behoerde,
    )
    quiet = Behoerde.objects.filter(art=Behoerde.Art.KOMMUNE).exclude(pk__in=[duisburg.pk, gelsenkirchen.pk])[
        0
    ]
    shisha, rotlicht = Arbeitskreis.objects.get(name="Shisha"), Arbeitskreis.objects.get(name="Rotlicht")
    topics = {f.slug: f for f in Fachgebiet.objects.all()}

    made = {}

    def person(key, role="mitglied", behoerde=None, fachgebiete=(), ak=None, leitung=False):
        user = user_factory(role, behoerde=behoerde, email=f"{key}@gruppen.example.org", last_name=key)
        if fachgebiete:
            services.einstellung_update(user=user, aktiv=True, fachgebiete=[topics[s] for s in fachgebiete])
        if ak is not None:
            Mitgliedschaft.objects.create(arbeitskreis=ak, user=user, ist_leitung=leitung)
        made[key] = user
        return user

    for behoerde in (essen, duisburg, gelsenkirchen, zoll, quiet):
        for n in range(3):  # look-alikes: one digest for all three
            person(f"{behoerde.slug}-{n}", behoerde=behoerde)
        person(f"{behoerde.slug}-ap", "ansprechpartner", behoerde=behoerde)
        person(f"{behoerde.slug}-shisha-1", behoerde=behoerde, fachgebiete=["shisha"])
        person(f"{behoerde.slug}-shisha-2", behoerde=behoerde, fachgebiete=["shisha"])
        person(f"{behoerde.slug}-themen", behoerde=behoerde, fachgebiete=["rotlicht", "verkehr"])
        person(f"{behoerde.slug}-ak-shisha", behoerde=behoerde, ak=shisha)
        person(f"{behoerde.slug}-ak-rotlicht-leitung", behoerde=behoerde, ak=rotlicht, leitung=True)
    person("redaktion", "redaktion", behoerde=essen)
    person("geschaeftsstelle", "geschaeftsstelle", behoerde=essen)

    # An author who moved from Essen to Gelsenkirchen keeps seeing the report only Essen and the Zoll
    # share; a Gelsenkirchen colleague never does.
    mover = person("umgezogen", behoerde=essen)
    lagebild_create(
        by=mover,
        titel="Bericht nur für Essen und Zoll VS-UMZUG",
        zusammenfassung="Geheim.",
        zeitraum_von=datetime.date(2026, 10, 1),
        zeitraum_bis=datetime.date(2026, 10, 31),
        fachgebiete=[topics["shisha"]],
        klassifikation=Klassifikation.VS_NFD,
        sichtbarkeit=Sichtbarkeit.BEHOERDEN,
        behoerden=[zoll],
    )
    mover.behoerde = gelsenkirchen
    mover.save(update_fields=["behoerde"])

    # The organiser of an event for Polizei and Zoll only, working at a Kommune.
    restricted = VeranstaltungPage.objects.filter(zulassungen__isnull=False).distinct().first()
    organiser = person("organisation", behoerde=quiet)
    VeranstaltungPage.organisatoren.through.objects.create(veranstaltungpage=restricted, user=organiser)

    # A part of the page tree only the Arbeitskreis Shisha may open.
    aktuelles = Page.objects.get(slug="aktuelles")
    restriction = PageViewRestriction.objects.create(
        page=aktuelles, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(pk=shisha.gruppe_id))
    # Nobody else gets this week's test issue.
    NewsletterEinstellung.objects.bulk_create(
        [
            NewsletterEinstellung(user_id=pk, aktiv=False)
            for pk in type(mover)
            .objects.exclude(pk__in=[u.pk for u in made.values()])
            .values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )
    NewsletterEinstellung.objects.exclude(user__in=made.values()).update(aktiv=False)
    return made


def _load(people):
    from accounts.models import User

    return list(User.objects.filter(pk__in=[u.pk for u in people.values()]).select_related("behoerde"))


@pytest.mark.parametrize("all_items", [news.ALL_ITEMS, 2], ids=["topics-from-items", "answer-too-long"])
def test_grouped_digests_equal_the_per_person_digests(people, monkeypatch, all_items):
    from lagebilder.models import Klassifikation, Lagebild

    monkeypatch.setattr(news, "ALL_ITEMS", all_items)

    calls = Counter()

    def counting(source):
        def items(user, since, fachgebiete=None, limit=20):
            calls[source.key] += 1
            return source.items(user, since, fachgebiete=fachgebiete, limit=limit)

        return items

    for key, source in list(news._sources.items()):
        monkeypatch.setitem(news._sources, key, replace(source, items=counting(source)))

    users = _load(people)
    topics = services.topics_by_user([u.pk for u in users])
    grouped = digests_for(users, SINCE, topics)
    grouped_calls = sum(calls.values())
    calls.clear()

    per_person = {}
    for user in users:
        # A fresh instance per person: nothing computed for somebody else can leak in.
        fresh = type(user).objects.get(pk=user.pk)
        per_person[user.pk] = digest_for(fresh, SINCE, fachgebiete=topics.get(user.pk))
    for user in users:
        assert grouped[user.pk] == per_person[user.pk], user.email

    # Grouping really happened (sources asked far less often than once per person) ...
    assert grouped_calls < sum(calls.values()) / 2
    # ... and the people really see different things (the comparison above is not trivial).
    distinct = {json.dumps(d, sort_keys=True) for d in per_person.values()}
    assert len(distinct) >= 12
    by_key = {u.last_name: per_person[u.pk] for u in users}
    titles = {key: json.dumps(d, ensure_ascii=False) for key, d in by_key.items()}
    assert (
        by_key["stadt-gelsenkirchen-0"] == by_key["stadt-gelsenkirchen-1"] == by_key["stadt-gelsenkirchen-2"]
    )
    assert titles["umgezogen"] != titles["stadt-gelsenkirchen-0"]  # the author sees their own report
    assert titles["organisation"] != titles[f"{people['organisation'].behoerde.slug}-0"]
    assert titles["stadt-duisburg-ak-shisha"] != titles["stadt-duisburg-0"]

    # VS-NfD: never a title, only the placeholder – and some see it while others do not.
    secret_titles = list(
        Lagebild.objects.filter(klassifikation=Klassifikation.VS_NFD).values_list("titel", flat=True)
    )
    assert secret_titles
    placeholders = Counter()
    for user in users:
        for section in grouped[user.pk]:
            for item in section["items"]:
                assert item["titel"] not in secret_titles
                if item["vsnfd"]:
                    assert item["titel"] == CLASSIFIED_TITLE
                    placeholders[user.pk] += 1
    assert placeholders and len(placeholders) < len(users)
    assert "VS-UMZUG" not in json.dumps(grouped)


def _normalised(body: str) -> str:
    return TOKEN_LINK.sub(r"/newsletter/\1/TOKEN/", body)


def test_every_email_body_equals_the_one_built_for_that_person_alone(people, settings):
    from newsletter.models import Ausgabe

    settings.NEWSLETTER_CHUNK_SIZE = 25
    ausgabe = Ausgabe.objects.create(
        titel="KW 48",
        editorial='<p>Editorial mit <a href="/fachgebiete/">Link</a>.</p>',
        status=AusgabeStatus.FREIGEGEBEN,
    )
    services.ausgabe_send_start(ausgabe=ausgabe, by=None, enqueue=False)
    Ausgabe.objects.filter(pk=ausgabe.pk).update(digest_seit=SINCE)
    ausgabe.refresh_from_db()

    counts = services.ausgabe_send_sync(ausgabe=ausgabe)

    users = {u.email: u for u in _load(people)}
    assert counts[ZustellungStatus.SENT] == len(users)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(users)
    content = IssueContent.from_ausgabe(ausgabe)
    topics = services.topics_by_user([u.pk for u in users.values()])
    for message in mail.outbox:
        user = users[message.to[0]]
        fresh = type(user).objects.get(pk=user.pk)
        digest = digest_for(fresh, SINCE, fachgebiete=topics.get(user.pk))
        alone = build_message(
            content=content, user=fresh, email=fresh.email, digest=digest, fachgebiete=topics.get(user.pk)
        )
        assert _normalised(message.body) == _normalised(alone.body), user.email
        assert _normalised(message.alternatives[0][0]) == _normalised(alone.alternatives[0][0]), user.email
        assert message.extra_headers["Message-ID"] == alone.extra_headers["Message-ID"]
        assert f"Guten Tag {user.get_full_name()}," in message.body
        # The personal links name this person and nobody else.
        links = TOKEN_LINK.findall(message.body + message.extra_headers["List-Unsubscribe"])
        assert {kind for kind, _token in links} == {"einstellungen/link", "abmelden"}
        for kind, token in links:
            purpose = PURPOSE_PREFERENCES if kind == "einstellungen/link" else PURPOSE_UNSUBSCRIBE
            assert link_token_read(token, purpose=purpose) == user.pk
        # The archive keeps exactly what this person got.
        assert Zustellung.objects.get(ausgabe=ausgabe, empfaenger=user).digest == digest


def test_one_query_per_recipient_beyond_a_constant(people):
    """Sending a chunk costs a constant number of queries plus one 'sent' update per recipient."""
    from django.db import connection

    from accounts.models import User
    from behoerden.models import Behoerde
    from newsletter.models import Ausgabe

    behoerde = Behoerde.objects.create(name="Stadt Musterhausen", art=Behoerde.Art.KOMMUNE)

    same = User.objects.bulk_create(
        [User(email=f"gleich{n}@musterhausen.de", behoerde=behoerde, password="!") for n in range(80)]
    )

    def queries_for(count: int) -> int:
        ausgabe = Ausgabe.objects.create(
            titel=f"Test {count}", editorial="<p>Text</p>", status=AusgabeStatus.FREIGEGEBEN
        )
        services.ausgabe_send_start(ausgabe=ausgabe, by=None, enqueue=False)
        rows = Zustellung.objects.bulk_create(
            [Zustellung(ausgabe=ausgabe, empfaenger=u, email=u.email) for u in same[-count:]]
        )
        with CaptureQueriesContext(connection) as captured:
            result = services.zustellungen_send_chunk(
                ausgabe_id=ausgabe.pk, ids=[r.pk for r in rows], worker="zaehler"
            )
        assert result.sent == count
        return len(captured)

    queries_for(5)  # warm-up: per-process caches (content types, the site) are not what is measured
    small, large = queries_for(15), queries_for(60)
    assert large - small == 60 - 15
    assert small < 15 + 60


def test_a_source_without_audience_is_asked_once_per_person(news_sources, user_factory):
    """Sections registered without an audience (like the fakes here, which read the authority) stay
    correct: they are asked for every person."""
    a = news_sources["behoerde_a"]
    users = [user_factory(behoerde=a), user_factory(behoerde=a), user_factory(), user_factory()]
    grouped = digests_for(users, SINCE, {users[1].pk: ["rotlicht"]})
    for user, fachgebiete in zip(users, [None, ["rotlicht"], None, None], strict=True):
        assert grouped[user.pk] == digest_for(user, SINCE, fachgebiete=fachgebiete)
    assert grouped[users[0].pk] != grouped[users[2].pk]
    assert news.audience_keys(news._sources["lagebilder"], users) == {u.pk: ("person", u.pk) for u in users}
