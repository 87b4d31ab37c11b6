"""Views of the exchange board: thin — fetch through the access policy, call a service, render."""

from datetime import datetime
from functools import lru_cache

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Aktion
from audit.services import audit_log
from dateien.downloads import download_response
from portal.access import deny, get_visible_or_404, require
from portal.confirmation import Confirmation, ask_first, reason_form
from portal.ids import parse_id
from portal.paginator import CountedPaginator, pager
from portal.url_helpers import url_prefix

from . import access, display, services
from .forms import AboForm, BeitragForm, ThemaForm
from .markup import quote_markdown
from .models import Abo, Beitrag, BeitragAnhang, Bereich, Meldung, Thema


def _previous_visit(request) -> datetime | None:
    raw = request.session.get("siko_previous_visit")
    if raw:
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            return None
    return None


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _missed_mentions(request, result) -> None:
    if result.nicht_benachrichtigt:
        messages.warning(
            request,
            _("Nicht benachrichtigt (kein Zugang zu diesem Bereich): %(namen)s")
            % {"namen": ", ".join(result.nicht_benachrichtigt)},
        )


@require_GET
def index(request):
    """All areas the person may see, with thread counts, and the threads new since the last visit."""
    since = _previous_visit(request)
    new_filter = Q(themen__erstellt__gt=since) if since else Q(pk__in=[])
    bereiche = (
        Bereich.objects.visible_to(request.user)
        .order_by("reihenfolge", "name")
        .annotate(
            themen_anzahl=Count("themen", filter=Q(themen__archiviert_am__isnull=True)),
            neu_anzahl=Count("themen", filter=new_filter & Q(themen__ist_verborgen=False)),
            letzte_aktivitaet=Max("themen__letzte_aktivitaet"),
        )
    )
    neue = []
    if since:
        neue = display.thread_rows(
            Thema.objects.visible_to(request.user)
            .active()
            .filter(erstellt__gt=since)
            .for_listing(request.user)
            .order_by("-erstellt")[:10]
        )
    return render(
        request,
        "austausch/index.html",
        {
            "bereiche": bereiche,
            "bereich_prefix": url_prefix("austausch:bereich", placeholder="slug"),
            "neue_themen": neue,
            "seit": since,
        },
    )


@require_GET
def bereich_detail(request, slug):
    bereich = get_visible_or_404(request, Bereich.objects.visible_to(request.user), slug=slug)
    themen = Thema.objects.visible_to(request.user).filter(bereich=bereich)
    archiv = request.GET.get("archiv") == "1"
    if not archiv:
        themen = themen.active()
    # Counted without the list's joins and unread subquery.
    page = CountedPaginator(
        themen.for_listing(request.user), display.THREADS_PER_PAGE, count=themen.count()
    ).get_page(request.GET.get("seite"))
    abo = Abo.objects.filter(user=request.user, bereich=bereich).first()
    return render(
        request,
        "austausch/bereich.html",
        {
            "bereich": bereich,
            "themen": display.thread_rows(page.object_list),
            "pager": pager(page, query="archiv=1" if archiv else ""),
            "archiv": archiv,
            "abo_zustellung": abo.zustellung if abo else "",
            "zustellung_choices": AboForm.base_fields["zustellung"].choices,
            "kann_moderieren": access.can_moderate(request.user, bereich),
        },
    )


def thema_create(request, slug):
    bereich = get_visible_or_404(request, Bereich.objects.visible_to(request.user), slug=slug)
    form = ThemaForm(
        request.POST or None,
        initial={"fachgebiete": [bereich.fachgebiet_id] if bereich.fachgebiet_id else []},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.thema_create(
                bereich=bereich,
                by=request.user,
                titel=data["titel"],
                art=data["art"],
                text=data["text"],
                fachgebiete=list(data["fachgebiete"]),
                region=data["region"],
                anhaenge=request.FILES.getlist("anhaenge"),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            _missed_mentions(request, result)
            messages.success(request, _("Ihr Thema wurde veröffentlicht."))
            return redirect(result.beitrag.thema.get_absolute_url())
    return render(request, "austausch/thema_form.html", {"bereich": bereich, "form": form})


def _thema(request, pk, queryset=None):
    queryset = queryset if queryset is not None else Thema.objects.visible_to(request.user)
    return get_visible_or_404(request, queryset.select_related("bereich"), pk=pk)


@require_GET
def thema_detail(request, pk):
    """A page of a thread (50 posts); unread posts are marked, reading moves the read mark forward."""
    thema = _thema(
        request,
        pk,
        Thema.objects.visible_to(request.user).select_related("region").with_reading_state(request.user),
    )
    rights = access.thread_rights(request.user, thema)
    beitraege = Beitrag.objects.in_thread(thema, moderator=rights.moderate)
    gelesen_bis = thema.gelesen_bis
    # One query for the pager's count and the number of posts already read.
    read_filter = Q(erstellt__lte=gelesen_bis) if gelesen_bis else Q(pk__in=[])
    counts = beitraege.aggregate(total=Count("pk"), gelesen=Count("pk", filter=read_filter))
    page = CountedPaginator(beitraege.page_values(), display.POSTS_PER_PAGE, count=counts["total"]).get_page(
        request.GET.get("seite")
    )
    posts = list(page.object_list)
    # Unread posts exist only once the person has read part of the thread; the first one may be
    # on another page.
    unread = 0 < counts["gelesen"] < counts["total"]
    context = {
        "thema": thema,
        "rights": rights,
        "posts": display.post_rows(
            posts,
            attachments=BeitragAnhang.objects.listed_for([post["pk"] for post in posts]),
            user=request.user,
            thema=thema,
            rights=rights,
            gelesen_bis=gelesen_bis if unread else None,
            first_position=page.start_index() - 1 if posts else 0,
        ),
        "pager": pager(page),
        "ungelesen_url": display.thread_page_url(thema.pk, display.page_of(counts["gelesen"])) + "#ungelesen"
        if unread
        else "",
        "ungelesen_anzahl": counts["total"] - counts["gelesen"] if unread else 0,
        "reply_fields": _reply_form(request, beitraege),
        "abo_zustellung": thema.abo_zustellung or "",
        "zustellung_choices": AboForm.base_fields["zustellung"].choices,
        "ziel_bereiche": Bereich.objects.visible_to(request.user).exclude(pk=thema.bereich_id)
        if rights.moderate
        else [],
        "zitat_base": f"?seite={page.number}&zitat=" if page.number > 1 else "?zitat=",
        "antwort_url": reverse("austausch:beantwortet", args=[thema.pk]),
    }
    read_until = posts[-1]["erstellt"] if posts and page.has_next() else thema.letzte_aktivitaet
    if gelesen_bis is None or gelesen_bis < read_until:
        services.lesestand_mark(user=request.user, thema=thema, bis=read_until)
    return render(request, "austausch/thema.html", context)


def _reply_form(request, beitraege) -> str:
    """The reply form's fields, pre-filled with a quote when the person chose "Zitieren" (`?zitat=<id>`)."""
    zitat_id = parse_id(request.GET.get("zitat"))
    if zitat_id is not None:
        zitat = beitraege.filter(pk=zitat_id, geloescht_am__isnull=True).select_related("autor").first()
        if zitat is not None:
            return BeitragForm(
                initial={
                    "text": quote_markdown(author_name=str(zitat.autor), text=zitat.text),
                    "zitiert": zitat.pk,
                }
            ).as_div()
    return _empty_reply_form(get_language())


@lru_cache(maxsize=8)
def _empty_reply_form(language: str) -> str:
    """Without a quote the form is the same for everybody (no person's data, no token): render once."""
    return BeitragForm().as_div()


def _post_redirect(beitrag: Beitrag, moderator: bool):
    """Redirect to the page of the thread that shows `beitrag`, anchored at the post."""
    position = Beitrag.objects.in_thread(beitrag.thema, moderator=moderator).before(beitrag).count()
    return redirect(
        display.thread_page_url(beitrag.thema_id, display.page_of(position)) + f"#beitrag-{beitrag.pk}"
    )


@require_GET
def beitrag_permalink(request, pk):
    """The address of a post (notifications, search, e-mails): the thread page it is on; 404 if hidden."""
    beitrag = _beitrag(request, pk)
    return _post_redirect(beitrag, access.can_moderate(request.user, beitrag.thema.bereich))


@require_GET
def thema_unread(request, pk):
    """Jump to the first post the person has not read yet (or the newest post when all are read)."""
    thema = _thema(request, pk, Thema.objects.visible_to(request.user).with_reading_state(request.user))
    moderator = access.can_moderate(request.user, thema.bereich)
    beitraege = Beitrag.objects.in_thread(thema, moderator=moderator)
    unread = beitraege.filter(erstellt__gt=thema.gelesen_bis) if thema.gelesen_bis else beitraege
    target = unread.first() or beitraege.last()
    if target is None:
        return redirect(thema.get_absolute_url())
    target.thema = thema
    return _post_redirect(target, moderator)


@require_POST
def thema_reply(request, pk):
    thema = _thema(request, pk)
    form = BeitragForm(request.POST)
    if form.is_valid():
        zitiert = None
        if form.cleaned_data.get("zitiert"):
            zitiert = Beitrag.objects.filter(thema=thema, pk=form.cleaned_data["zitiert"]).first()
        try:
            result = services.beitrag_create(
                thema=thema,
                by=request.user,
                text=form.cleaned_data["text"],
                zitiert=zitiert,
                anhaenge=request.FILES.getlist("anhaenge"),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            _missed_mentions(request, result)
            messages.success(request, _("Ihre Antwort wurde veröffentlicht."))
            return redirect(result.beitrag.get_absolute_url())
    else:
        messages.error(request, _("Bitte geben Sie einen Text ein."))
    return redirect(thema.get_absolute_url() + "#antworten")


@require_POST
def thema_moderate(request, pk):
    thema = _thema(request, pk)
    require(request, access.can_moderate(request.user, thema.bereich))
    aktion = request.POST.get("aktion", "")
    ziel = None
    if aktion == "verschieben":
        ziel = Bereich.objects.visible_to(request.user).filter(slug=request.POST.get("ziel", "")).first()
    try:
        services.thema_moderate(thema=thema, by=request.user, aktion=aktion, ziel=ziel)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Die Änderung wurde gespeichert."))
    return redirect(thema.get_absolute_url())


@require_POST
def thema_answered(request, pk):
    thema = _thema(request, pk)
    require(request, access.can_mark_answered(request.user, thema))
    beitrag = None
    if request.POST.get("beitrag"):
        beitrag_id = parse_id(request.POST["beitrag"])
        beitrag = (
            Beitrag.objects.filter(thema=thema, pk=beitrag_id).first() if beitrag_id is not None else None
        )
        if beitrag is None:
            raise Http404("Nicht gefunden")
    try:
        services.thema_mark_answered(thema=thema, beitrag=beitrag, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request, _("Die Antwort wurde markiert.") if beitrag else _("Die Markierung wurde entfernt.")
        )
    return redirect(thema.get_absolute_url())


@require_POST
def thema_abo(request, pk):
    thema = _thema(request, pk)
    form = AboForm(request.POST)
    if form.is_valid():
        services.abo_set(user=request.user, thema=thema, zustellung=form.cleaned_data["zustellung"] or None)
        messages.success(request, _("Ihre Benachrichtigungseinstellung wurde gespeichert."))
    return redirect(thema.get_absolute_url())


@require_POST
def bereich_abo(request, slug):
    bereich = get_visible_or_404(request, Bereich.objects.visible_to(request.user), slug=slug)
    form = AboForm(request.POST)
    if form.is_valid():
        services.abo_set(
            user=request.user, bereich=bereich, zustellung=form.cleaned_data["zustellung"] or None
        )
        messages.success(request, _("Ihre Benachrichtigungseinstellung wurde gespeichert."))
    return redirect("austausch:bereich", slug=bereich.slug)


def _beitrag(request, pk):
    visible = Beitrag.objects.filter(thema__in=Thema.objects.visible_to(request.user)).select_related(
        "thema__bereich", "autor"
    )
    beitrag = get_visible_or_404(request, visible, pk=pk)
    if beitrag.ist_verborgen and not access.can_moderate(request.user, beitrag.thema.bereich):
        deny(request, objekt=beitrag, grund="verborgen")
    return beitrag


def beitrag_edit(request, pk):
    beitrag = _beitrag(request, pk)
    require(request, access.can_edit_post(request.user, beitrag))
    form = BeitragForm(request.POST or None, initial={"text": beitrag.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.beitrag_update(beitrag=beitrag, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Ihr Beitrag wurde geändert."))
            return redirect(beitrag.get_absolute_url())
    return render(request, "austausch/beitrag_form.html", {"beitrag": beitrag, "form": form})


@require_GET
def anhang_download(request, pk):
    """Download an attachment of a post the person may see (not of deleted or hidden posts); audited."""
    anhang = get_visible_or_404(
        request,
        BeitragAnhang.objects.filter(
            beitrag__thema__in=Thema.objects.visible_to(request.user), beitrag__geloescht_am__isnull=True
        ).select_related("datei", "beitrag__thema__bereich"),
        pk=pk,
    )
    if anhang.beitrag.ist_verborgen and not access.can_moderate(request.user, anhang.beitrag.thema.bereich):
        deny(request, objekt=anhang.beitrag, grund="verborgen")
    audit_log(
        aktion=Aktion.DATEI_HERUNTERGELADEN, request=request, objekt=anhang.datei, beitrag=anhang.beitrag_id
    )
    return download_response(anhang.datei)


@require_GET
def beitrag_versionen(request, pk):
    beitrag = _beitrag(request, pk)
    require(request, access.can_moderate(request.user, beitrag.thema.bereich))
    return render(
        request,
        "austausch/beitrag_versionen.html",
        {"beitrag": beitrag, "versionen": beitrag.versionen.select_related("von")},
    )


@require_http_methods(["GET", "POST"])
def beitrag_delete(request, pk):
    """Delete a post (author or moderator), after asking for confirmation and a reason."""
    beitrag = _beitrag(request, pk)
    require(request, access.can_delete_post(request.user, beitrag))
    form = reason_form(
        request,
        label=_("Grund der Löschung"),
        help_text=_("Der Beitrag wird für alle ausgeblendet; der Grund bleibt sichtbar."),
    )
    page = ask_first(
        request,
        Confirmation(
            title=_("Beitrag löschen?"),
            what_happens=_("Der Beitrag im Thema „%(thema)s“ wird für alle ausgeblendet.")
            % {"thema": beitrag.thema.titel},
            details=[Truncator(beitrag.text).chars(300)],
            submit_label=_("Beitrag löschen"),
            cancel_url=beitrag.get_absolute_url(),
            form=form,
        ),
    )
    if page is not None:
        return page
    try:
        services.beitrag_delete(beitrag=beitrag, by=request.user, grund=form.cleaned_data["grund"])
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Der Beitrag wurde gelöscht."))
    return redirect(beitrag.thema.get_absolute_url())


@require_POST
def beitrag_hide(request, pk):
    beitrag = _beitrag(request, pk)
    require(request, access.can_moderate(request.user, beitrag.thema.bereich))
    services.beitrag_set_hidden(
        beitrag=beitrag, by=request.user, verborgen=request.POST.get("verborgen") == "1"
    )
    messages.success(request, _("Die Änderung wurde gespeichert."))
    return redirect(beitrag.get_absolute_url())


def beitrag_report(request, pk):
    beitrag = _beitrag(request, pk)
    if request.method != "POST":
        return render(request, "austausch/beitrag_aktion.html", {"beitrag": beitrag, "aktion": "melden"})
    try:
        services.beitrag_report(beitrag=beitrag, by=request.user, grund=request.POST.get("grund", ""))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Danke. Die Moderation wurde informiert."))
    return redirect(beitrag.get_absolute_url())


@require_GET
def meldungen(request):
    """Open reports in the areas this person moderates."""
    qs = Meldung.objects.moderated_by(request.user).open().select_related("beitrag__thema", "von")
    return render(request, "austausch/meldungen.html", {"meldungen": qs[:200]})


@require_POST
def meldung_close(request, pk):
    meldung = get_visible_or_404(
        request, Meldung.objects.moderated_by(request.user).select_related("beitrag__thema__bereich"), pk=pk
    )
    try:
        services.meldung_close(meldung=meldung, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Die Meldung ist erledigt."))
    return redirect("austausch:meldungen")
