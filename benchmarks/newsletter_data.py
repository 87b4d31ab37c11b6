"""Realistic data for the newsletter benchmark: the demo portal plus N recipients and a busy week.

Recipients are spread over every partner authority (Polizei weighted higher), with Ansprechpartner,
Redaktion and Geschäftsstelle roles, Arbeitskreis memberships (and their groups), and Fachgebiet
preferences. The week's news: about 150 Lagebilder with every visibility option (own authority, named
authorities, Arbeitskreise, all partners; a third VS-NfD), about 90 board threads in general, Fachgebiet
and closed Arbeitskreis areas (some hidden), every content page changed, events (some for one kind of
authority only), measures and open Erhebungen. Timestamps are set relative to "now" on every run, so the
same database can be reused. Deterministic (seeded random).
"""

import datetime
import random

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

EMAIL = "nlb-{:05d}@bench.siko-ruhr.nrw.de"
FIRST = ["Anna", "Ben", "Canan", "Dirk", "Elif", "Frank", "Gül", "Heike", "Ilias", "Jana", "Kai", "Lea"]
LAST = ["Becker", "Yilmaz", "Schulz", "Nowak", "Krüger", "Wagner", "Öztürk", "Neumann", "Lange", "Kaya"]


def _ensure_demo() -> None:
    from fachgebiete.models import Fachgebiet

    if not Fachgebiet.objects.exists():
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@transaction.atomic
def _recipients(count: int, rng: random.Random) -> list[int]:
    from django.contrib.auth.hashers import make_password

    from accounts.models import Rolle, User
    from arbeitskreise.models import Arbeitskreis, Mitgliedschaft
    from behoerden.models import Behoerde
    from fachgebiete.models import Fachgebiet
    from newsletter.models import NewsletterEinstellung

    existing = User.objects.filter(email__startswith="nlb-").count()
    if existing < count:
        behoerden = list(Behoerde.objects.order_by("pk"))
        weights = [3 if b.art in (Behoerde.Art.POLIZEI, Behoerde.Art.ZOLL) else 1 for b in behoerden]
        gs = next((b for b in behoerden if b.art == Behoerde.Art.GESCHAEFTSSTELLE), behoerden[0])
        password = make_password(None)
        new = []
        for i in range(existing, count):
            behoerde = gs if i % 2000 == 7 else rng.choices(behoerden, weights)[0]
            new.append(
                User(
                    email=EMAIL.format(i),
                    password=password,
                    first_name=FIRST[i % len(FIRST)],
                    last_name=LAST[(i // len(FIRST)) % len(LAST)],
                    behoerde=behoerde,
                    rolle=Rolle.ANSPRECHPARTNER if rng.random() < 0.02 else Rolle.MITGLIED,
                    ist_geschaeftsstelle=behoerde == gs,
                    ist_redaktion=i % 1500 == 3,
                )
            )
        User.objects.bulk_create(new, batch_size=2000)
        users = list(User.objects.filter(email__in=[u.email for u in new]).values_list("pk", flat=True))
        arbeitskreise = list(Arbeitskreis.objects.order_by("pk"))
        fachgebiete = list(Fachgebiet.objects.order_by("pk"))
        memberships, group_rows, prefs = [], [], []
        through = User.groups.through
        for user_id in users:
            roll = rng.random()
            chosen = rng.sample(arbeitskreise, 2 if roll < 0.02 else 1) if roll < 0.1 else []
            for ak in chosen:
                memberships.append(
                    Mitgliedschaft(arbeitskreis=ak, user_id=user_id, ist_leitung=rng.random() < 0.03)
                )
                group_rows.append(through(user_id=user_id, group_id=ak.gruppe_id))
            if rng.random() < 0.3:
                prefs.append((user_id, rng.sample(fachgebiete, rng.choice([1, 1, 2, 3]))))
        Mitgliedschaft.objects.bulk_create(memberships, batch_size=2000)
        through.objects.bulk_create(group_rows, batch_size=2000, ignore_conflicts=True)
        einstellungen = NewsletterEinstellung.objects.bulk_create(
            [NewsletterEinstellung(user_id=user_id) for user_id, _f in prefs], batch_size=2000
        )
        pref_through = NewsletterEinstellung.fachgebiete.through
        pref_through.objects.bulk_create(
            [
                pref_through(newslettereinstellung_id=e.pk, fachgebiet_id=f.pk)
                for e, (_u, chosen) in zip(einstellungen, prefs, strict=True)
                for f in chosen
            ],
            batch_size=2000,
        )
    bench = list(User.objects.filter(email__startswith="nlb-").order_by("pk").values_list("pk", flat=True))
    active, inactive = bench[:count], bench[count:]
    User.objects.filter(pk__in=active).update(is_active=True)
    User.objects.filter(pk__in=inactive).update(is_active=False)
    # Everyone else (demo accounts) keeps their account and content but gets no benchmark newsletter.
    others = User.objects.exclude(email__startswith="nlb-").values_list("pk", flat=True)
    NewsletterEinstellung.objects.bulk_create(
        [NewsletterEinstellung(user_id=pk, aktiv=False) for pk in others], ignore_conflicts=True
    )
    NewsletterEinstellung.objects.filter(user_id__in=others).update(aktiv=False)
    return active


@transaction.atomic
def _lagebilder(rng: random.Random, authors: list[int], now) -> None:
    from accounts.models import User
    from arbeitskreise.models import Arbeitskreis
    from behoerden.models import Behoerde
    from fachgebiete.models import Fachgebiet
    from lagebilder.models import (
        Klassifikation,
        Lagebild,
        LagebildGroupObjectPermission,
        Sichtbarkeit,
        Status,
    )
    from lagebilder.services import view_permission

    if not Lagebild.objects.filter(titel__startswith="Wochenlage ").exists():
        behoerden = list(Behoerde.objects.order_by("pk"))
        arbeitskreise = list(Arbeitskreis.objects.order_by("pk"))
        fachgebiete = list(Fachgebiet.objects.order_by("pk"))
        people = {u.pk: u for u in User.objects.filter(pk__in=authors).select_related("behoerde")}
        permission = view_permission()
        rows = []
        for n in range(150):
            author = people[rng.choice(authors)]
            vsnfd = rng.random() < 0.33
            sicht = rng.choices(
                [
                    Sichtbarkeit.EIGENE_BEHOERDE,
                    Sichtbarkeit.BEHOERDEN,
                    Sichtbarkeit.ARBEITSKREISE,
                    Sichtbarkeit.ALLE_PARTNER,
                ],
                [3, 3, 2, 3],
            )[0]
            allowed = vsnfd and sicht == Sichtbarkeit.ALLE_PARTNER and rng.random() < 0.4
            if vsnfd and sicht == Sichtbarkeit.ALLE_PARTNER and not allowed:
                sicht = Sichtbarkeit.BEHOERDEN
            groups = {author.behoerde.gruppe_id}
            if sicht == Sichtbarkeit.BEHOERDEN:
                groups |= {b.gruppe_id for b in rng.sample(behoerden, rng.randint(2, 8))}
            elif sicht == Sichtbarkeit.ARBEITSKREISE:
                groups |= {a.gruppe_id for a in rng.sample(arbeitskreise, rng.randint(1, 2))}
            lagebild = Lagebild(
                titel=f"Wochenlage {n:03d}: {rng.choice(fachgebiete).name} {author.behoerde.kurz}",
                zusammenfassung="Kurzfassung für den Benchmark.",
                zeitraum_von=datetime.date(2026, 10, 1),
                zeitraum_bis=datetime.date(2026, 10, 31),
                klassifikation=Klassifikation.VS_NFD if vsnfd else Klassifikation.OFFEN,
                autor_id=author.pk,
                autor_behoerde_id=author.behoerde_id,
                status=Status.VEROEFFENTLICHT if rng.random() < 0.93 else Status.ENTWURF,
                sichtbarkeit=sicht,
                fuer_alle_partner=sicht == Sichtbarkeit.ALLE_PARTNER,
                vsnfd_alle_freigegeben=allowed,
            )
            rows.append((lagebild, groups, rng.sample(fachgebiete, rng.randint(1, 2))))
        Lagebild.objects.bulk_create([r[0] for r in rows])
        LagebildGroupObjectPermission.objects.bulk_create(
            [
                LagebildGroupObjectPermission(content_object=lagebild, group_id=gid, permission=permission)
                for lagebild, groups, _f in rows
                for gid in sorted(groups)
            ]
        )
        through = Lagebild.fachgebiete.through
        through.objects.bulk_create(
            [through(lagebild_id=lb.pk, fachgebiet_id=f.pk) for lb, _g, chosen in rows for f in chosen]
        )
    for pk in Lagebild.objects.filter(status=Status.VEROEFFENTLICHT).values_list("pk", flat=True):
        Lagebild.objects.filter(pk=pk).update(
            veroeffentlicht_am=now - datetime.timedelta(minutes=rng.randint(30, 9000))
        )


@transaction.atomic
def _threads(rng: random.Random, authors: list[int], now) -> None:
    from austausch.models import Bereich, Thema
    from fachgebiete.models import Fachgebiet

    if not Thema.objects.filter(titel__startswith="Wochenfrage ").exists():
        bereiche = list(Bereich.objects.order_by("pk"))
        fachgebiete = list(Fachgebiet.objects.order_by("pk"))
        themen = []
        for n in range(90):
            themen.append(
                Thema(
                    bereich=rng.choice(bereiche),
                    titel=f"Wochenfrage {n:03d} zu {rng.choice(fachgebiete).name}",
                    autor_id=rng.choice(authors),
                    letzte_aktivitaet=now,
                    ist_verborgen=rng.random() < 0.05,
                )
            )
        Thema.objects.bulk_create(themen)
        through = Thema.fachgebiete.through
        through.objects.bulk_create(
            [
                through(thema_id=t.pk, fachgebiet_id=f.pk)
                for t in themen
                for f in rng.sample(fachgebiete, rng.randint(0, 2))
            ]
        )
    for pk in Thema.objects.values_list("pk", flat=True):
        Thema.objects.filter(pk=pk).update(erstellt=now - datetime.timedelta(minutes=rng.randint(30, 9000)))


@transaction.atomic
def _pages_events_measures_surveys(rng: random.Random, authors: list[int], now) -> None:
    from erhebungen.models import Erhebung
    from praevention.models import Massnahme
    from suche.models import PageSearchEntry
    from veranstaltungen.models import VeranstaltungPage

    for pk in PageSearchEntry.objects.values_list("pk", flat=True):
        PageSearchEntry.objects.filter(pk=pk).update(
            updated_at=now - datetime.timedelta(minutes=rng.randint(30, 9000))
        )
    for n, event in enumerate(VeranstaltungPage.objects.order_by("pk")):
        VeranstaltungPage.objects.filter(pk=event.pk).update(
            last_published_at=now - datetime.timedelta(hours=n + 1),
            beginn=now + datetime.timedelta(days=10 + n),
            ende=now + datetime.timedelta(days=10 + n, hours=6),
        )
        if n == 0:  # an organiser sees this event even if it is restricted to another kind of authority
            through = VeranstaltungPage.organisatoren.through
            through.objects.get_or_create(veranstaltungpage_id=event.pk, user_id=authors[0])
    Massnahme.objects.filter(status="freigegeben").update(geprueft_am=now - datetime.timedelta(days=2))
    Erhebung.objects.exclude(status=Erhebung.Status.ENTWURF).update(
        status=Erhebung.Status.OFFEN,
        erstellt_am=now - datetime.timedelta(days=1),
        frist=(now + datetime.timedelta(days=21)).date(),
    )


def seed(recipients: int) -> list[int]:
    """Make sure the demo, `recipients` active bench recipients and this week's news exist."""
    rng = random.Random(8)
    _ensure_demo()
    active = _recipients(recipients, rng)
    now = timezone.now()
    authors = active[::97]  # ~200 recipients are authors of some of the week's reports and threads
    _lagebilder(rng, authors, now)
    _threads(rng, authors, now)
    _pages_events_measures_surveys(rng, authors, now)
    return active
