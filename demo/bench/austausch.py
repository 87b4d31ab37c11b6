"""Benchmark data of the exchange board: realistic threads and posts on top of the demo.

Used by benchmarks/austausch_board.py (100,000 posts in 10,000 threads, its own people and reader) and,
through `seed(scale)`, by benchmarks/seed_bench.py for the load test (1,000 threads and 10,000 posts per
scale step, written by the benchmark's people).
"""

BIG_THREAD_POSTS = 200
BIG_THREAD_TITLE = "Benchmark: Erfahrungen mit gemeinsamen Kontrollen von Shisha-Bars (200 Beiträge)"

PARAGRAPHS = [
    "Wir haben am Wochenende gemeinsam mit Zoll und Ordnungsamt drei Shisha-Bars in der Innenstadt "
    "kontrolliert. In zwei Betrieben wurde unversteuerter Tabak sichergestellt, in einem Fall war der "
    "CO-Wert deutlich über dem Grenzwert.",
    "Aus unserer Sicht lohnt sich die Abstimmung mit dem Finanzamt **vor** der Kontrolle: Die Kolleginnen "
    "konnten Kassendaten direkt vor Ort sichern, was später im Verfahren entscheidend war.",
    "Hat jemand Erfahrungen mit Untersagungen nach § 35 GewO, wenn der eingetragene Betreiber offensichtlich "
    "ein Strohmann ist? Die Verwaltungsgerichte verlangen bei uns zunehmend konkrete Nachweise.",
    "Die Erkenntnisse der KPB zu Vorbetreibern haben wir über eine schriftliche Anfrage erhalten; bitte "
    "immer die Rechtsgrundlage angeben, sonst verzögert sich die Antwort um Wochen.",
    "Kurzer Hinweis: Der aktualisierte Leitfaden zur Vermögensabschöpfung liegt im Fachgebiet "
    "[Vermögensabschöpfung](/fachgebiete/). Rückmeldungen gern hier im Thema.",
    "Bei der Nachkontrolle vier Wochen später war der Betrieb unter neuem Namen wieder geöffnet – derselbe "
    "Geschäftsführer, eine neue GmbH. Wir prüfen jetzt die Zuverlässigkeit des faktischen Betreibers.",
    "Danke für die schnelle Rückmeldung! Wir melden uns nächste Woche telefonisch, um den Termin für die "
    "gemeinsame Schwerpunktkontrolle abzustimmen.",
    "Nach unserer Erfahrung sind *unangekündigte* Kontrollen am späten Abend am ergiebigsten; tagsüber ist "
    "oft nur Personal ohne Entscheidungsbefugnis vor Ort.",
]
EXTRAS = [
    "\n\n- Gewerbeanmeldung und Handelsregister abgleichen\n- Steuerrückstände beim Finanzamt erfragen\n"
    "- Vorbetreiber über die KPB prüfen lassen",
    "\n\n> **Kollegin aus Duisburg schrieb:**\n>\n> Bei uns hat das Verwaltungsgericht die Untersagung "
    "bestätigt, weil die Steuerrückstände belegt waren.",
    "\n\n1. Vorbesprechung mit allen Partnern\n2. Kontrolle\n3. Nachbereitung im Arbeitskreis",
    "",
]


def text_pool() -> list[tuple[str, str]]:
    """About 60 distinct posts (Markdown and sanitised HTML), 150–1,500 characters long."""
    from austausch.markup import render_markdown

    pool = []
    for i in range(60):
        count = 1 + i % 4
        text = "\n\n".join(PARAGRAPHS[(i + k) % len(PARAGRAPHS)] for k in range(count))
        text += EXTRAS[i % len(EXTRAS)]
        pool.append((text, render_markdown(text)))
    return pool


def seed_board(
    *,
    threads: int,
    posts: int,
    people_count: int = 1000,
    reader_email: str | None = None,
    email_prefix: str = "bench-",
) -> None:
    """Add the board's benchmark data on top of the demo: `threads` threads with `posts` posts in all
    (one of them with BIG_THREAD_POSTS posts and attachments), Arbeitskreis members, meetings and
    documents, requests. People are the existing ones whose email starts with `email_prefix`, else
    `people_count` new ones; a `reader_email` person is created with read marks and two Arbeitskreise."""
    pool = text_pool()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User, search_columns
    from anfragen.models import Anfrage, AnfrageSchritt
    from arbeitskreise.models import Arbeitskreis, Dokument, Mitgliedschaft, Sitzung
    from austausch.models import (
        Beitrag,
        BeitragAnhang,
        Bereich,
        Lesestand,
        Thema,
    )
    from behoerden.models import Behoerde
    from portal.textsearch import index_tokens

    now = timezone.now()
    behoerden = list(Behoerde.objects.order_by("pk")[:40])
    password = make_password(None)
    first = ["Anna", "Ben", "Canan", "Dirk", "Elif", "Frank", "Gül", "Heike", "Ilias", "Jana"]
    last = ["Becker", "Yilmaz", "Schulz", "Nowak", "Krüger", "Wagner", "Öztürk", "Neumann", "Lange"]
    with transaction.atomic():
        people = list(User.objects.filter(email__startswith=email_prefix, is_active=True).order_by("pk"))
        people = people or User.objects.bulk_create(
            [
                User(
                    email=f"{email_prefix}{i:05d}@bench.siko-ruhr.nrw.de",
                    password=password,
                    first_name=first[i % len(first)],
                    last_name=f"{last[(i // len(first)) % len(last)]}-{i}",
                    behoerde=behoerden[i % len(behoerden)],
                    # bulk_create skips save(): the directory search's folded columns are set here.
                    **search_columns(first[i % len(first)], f"{last[(i // len(first)) % len(last)]}-{i}", ""),
                )
                for i in range(people_count)
            ],
            batch_size=500,
        )
        reader = (
            User.objects.create_user(
                email=reader_email,
                password=None,
                first_name="Bea",
                last_name="Benchmark",
                behoerde=behoerden[0],
            )
            if reader_email
            else people[0]
        )
        arbeitskreise = list(Arbeitskreis.objects.order_by("name"))
        for ak in arbeitskreise[:2]:
            Mitgliedschaft.objects.get_or_create(arbeitskreis=ak, user=reader)
        for index, ak in enumerate(arbeitskreise):
            for person in people[index * 40 + 1 : index * 40 + 41]:
                Mitgliedschaft.objects.get_or_create(arbeitskreis=ak, user=person)
            Sitzung.objects.bulk_create(
                [
                    Sitzung(
                        arbeitskreis=ak,
                        titel=f"Sitzung {n + 1} des Arbeitskreises",
                        beginn=now + timezone.timedelta(days=14 * (n + 1)),
                        ende=now + timezone.timedelta(days=14 * (n + 1), hours=2),
                        ort="Polizeipräsidium Essen, Raum 3.14",
                    )
                    for n in range(10)
                ]
            )
            for n in range(10):
                datei = _bench_pdf(f"bench/ak-{ak.pk}-{n}.pdf", f"Protokoll Sitzung {n + 1}.pdf")
                Dokument.objects.create(
                    arbeitskreis=ak,
                    titel=f"Protokoll der Sitzung {n + 1}",
                    datei=datei,
                    hochgeladen_von=reader,
                )

        bereiche = list(Bereich.objects.order_by("pk"))
        allgemein = Bereich.objects.get(slug="allgemein")
        others = [b for b in bereiche if b.pk != allgemein.pk]
        themen = Thema.objects.bulk_create(
            [
                Thema(
                    bereich=allgemein if i % 2 == 0 else others[i % len(others)],
                    titel=BIG_THREAD_TITLE if i == 0 else f"Erfahrungen mit Kontrollen und Auflagen ({i})",
                    art=Thema.Art.FRAGE if i % 3 else Thema.Art.INFORMATION,
                    autor=people[i % len(people)],
                    letzter_autor=people[(i + 7) % len(people)],
                    letzte_aktivitaet=now - timezone.timedelta(minutes=i),
                    beitraege_anzahl=BIG_THREAD_POSTS
                    if i == 0
                    else (posts - BIG_THREAD_POSTS) // (threads - 1),
                )
                for i in range(threads)
            ],
            batch_size=2000,
        )
    big = themen[0]
    per_thread, extra = divmod(posts - BIG_THREAD_POSTS, threads - 1)

    def post(thema, j):
        text, html = pool[(thema.pk + j) % len(pool)]
        return Beitrag(
            thema=thema,
            autor=people[(thema.pk * 7 + j) % len(people)],
            text=text,
            html=html,
            tokens=index_tokens(f"{thema.titel} {text}"),
        )

    with transaction.atomic():
        Beitrag.objects.bulk_create([post(big, j) for j in range(BIG_THREAD_POSTS)], batch_size=2000)
        batch = []
        for index, thema in enumerate(themen[1:]):
            batch += [post(thema, j) for j in range(per_thread + (1 if index < extra else 0))]
            if len(batch) >= 10_000:
                Beitrag.objects.bulk_create(batch, batch_size=2000)
                batch = []
        Beitrag.objects.bulk_create(batch, batch_size=2000)
        # Spread the creation times: one minute apart within a thread, ending at its last activity.
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE austausch_beitrag b
                SET erstellt = t.letzte_aktivitaet - (m.last_id - b.id) * interval '1 minute'
                FROM austausch_thema t,
                     (SELECT thema_id, max(id) AS last_id FROM austausch_beitrag GROUP BY thema_id) m
                WHERE t.id = b.thema_id AND m.thema_id = b.thema_id
                """
            )
            cursor.execute("UPDATE austausch_beitrag SET vector = to_tsvector('simple'::regconfig, tokens)")
        big_posts = list(Beitrag.objects.filter(thema=big).order_by("erstellt", "id"))
        for n, beitrag in enumerate(big_posts[3::7]):
            datei = _bench_pdf(f"bench/anhang-{beitrag.pk}.pdf", f"Kontrollbericht {n + 1}.pdf")
            BeitragAnhang.objects.create(beitrag=beitrag, datei=datei)
        Thema.objects.filter(pk=big.pk).update(antwort=big_posts[1])
        # The reader has read every other thread, and the big one up to post 120 (unread from page 3).
        Lesestand.objects.bulk_create(
            [Lesestand(user=reader, thema=t, gelesen_bis=t.letzte_aktivitaet) for t in themen[2::2]],
            batch_size=5000,
        )
        Lesestand.objects.create(user=reader, thema=big, gelesen_bis=big_posts[119].erstellt)
        for n in range(100):
            anfrage = Anfrage.objects.create(
                art=Anfrage.Art.INFORMATION if n % 3 else Anfrage.Art.ANALYSE_360,
                behoerde=reader.behoerde,
                erstellt_von=people[n % len(people)] if n % 2 else reader,
                betreff=f"Erkenntnisse zu Betreibern im Bereich Innenstadt ({n + 1})",
                beschreibung=PARAGRAPHS[n % len(PARAGRAPHS)],
                rechtsgrundlage="§ 35 GewO",
                kontakt="0201 123-456",
            )
            AnfrageSchritt.objects.create(anfrage=anfrage, status=anfrage.status, von=reader)


def _bench_pdf(name: str, originalname: str):
    """A small real PDF in the file storage and its Datei row (downloads of benchmark data work)."""
    import hashlib
    import io

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from reportlab.pdfgen import canvas

    from dateien.models import Datei

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 770, f"{originalname} – Benchmark-Dokument")
    pdf.showPage()
    pdf.save()
    content = buffer.getvalue()
    stored = default_storage.save(name, ContentFile(content))
    return Datei.objects.create(
        datei=stored,
        originalname=originalname,
        groesse=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type="application/pdf",
        typ="pdf",
    )


def seed(scale: int) -> str:
    threads, posts = 1_000 * scale, 10_000 * scale
    seed_board(threads=threads, posts=posts)
    return f"{threads} Themen, {posts} Beiträge"
