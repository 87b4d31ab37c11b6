"""Portal accounts: one person, one partner authority, a role there, and portal-wide roles."""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from portal.names import person_name
from portal.textsearch import fold

from . import access

# The fields the directory search reads from a person (`search_columns`); a save that changes one of them
# writes the folded columns again.
SEARCHED_FIELDS = frozenset({"first_name", "last_name", "funktion"})


def search_columns(first_name: str, last_name: str, funktion: str) -> dict[str, str]:
    """The stored search form of a person (`User.suchname`, `User.suchtext`): lower case, umlauts and ß
    folded the way the portal's analyser folds query words (`portal.textsearch.fold`), so "Schaefer"
    finds "Schäfer". Bulk inserts, which skip `save`, set them with `User(**search_columns(...))`."""
    name = " ".join(fold(f"{first_name} {last_name}").split())
    return {"suchname": name, "suchtext": " ".join(f"{name} {fold(funktion)}".split())}


def name_with_behoerde(first_name: str, last_name: str, email: str, behoerde_label: str | None = None) -> str:
    """How the portal names a person beside what they wrote: full name (else email) and the authority's
    short name in brackets; from the account's fields, so rows read with values() name people alike."""
    name = person_name(first_name, last_name, email)
    return f"{name} ({behoerde_label})" if behoerde_label else name


class Rolle(models.TextChoices):
    MITGLIED = "mitglied", _("Mitglied")
    ANSPRECHPARTNER = "ansprechpartner", _("Ansprechpartner:in")


class UserQuerySet(models.QuerySet):
    def manageable_by(self, user):
        """Return the people this person may manage: all for the Geschäftsstelle, own staff for an AP.

        An Ansprechpartner never manages Geschäftsstelle or superuser accounts, even in their own authority.
        """
        return self.filter(access.manageable_filter(user))

    def geschaeftsstelle(self):
        """Return the active accounts of the Geschäftsstelle (who receive its notifications)."""
        return self.filter(models.Q(ist_geschaeftsstelle=True) | models.Q(is_superuser=True), is_active=True)

    def redaktion(self):
        """Return the active accounts of the Redaktion (the Geschäftsstelle edits as well)."""
        return self.filter(
            models.Q(ist_redaktion=True) | models.Q(ist_geschaeftsstelle=True) | models.Q(is_superuser=True),
            is_active=True,
        )

    def ansprechpartner_of(self, behoerde_id):
        """Return the active Ansprechpartner:innen of one authority."""
        return self.filter(behoerde_id=behoerde_id, rolle=Rolle.ANSPRECHPARTNER, is_active=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("E-Mail-Adresse fehlt.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("ist_geschaeftsstelle", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person at a partner authority. Logs in by email; no username."""

    username = None
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    behoerde = models.ForeignKey(
        "behoerden.Behoerde",
        verbose_name=_("Behörde"),
        on_delete=models.PROTECT,
        related_name="mitarbeitende",
        null=True,
        blank=True,
    )
    rolle = models.CharField(
        _("Rolle in der Behörde"), max_length=20, choices=Rolle.choices, default=Rolle.MITGLIED
    )
    ist_redaktion = models.BooleanField(_("Redaktion"), default=False)
    ist_geschaeftsstelle = models.BooleanField(_("Geschäftsstelle"), default=False)
    funktion = models.CharField(_("Funktion"), max_length=150, blank=True)
    telefon = models.CharField(_("Telefon"), max_length=50, blank=True)
    im_verzeichnis = models.BooleanField(
        _("Im Verzeichnis anzeigen"),
        default=True,
        help_text=_("Name, Funktion, Telefon und E-Mail erscheinen auf der Seite Ihrer Behörde."),
    )
    letzter_besuch = models.DateTimeField(_("letzter Besuch"), null=True, blank=True)
    rezertifiziert_am = models.DateTimeField(_("zuletzt rezertifiziert am"), null=True, blank=True)
    gesperrt_grund = models.CharField(_("Grund der Sperrung"), max_length=200, blank=True)
    # Incrementing this invalidates every session of the person at once (see get_session_auth_hash).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # The directory search (behoerden.search): name, and name with function, folded (`search_columns`),
    # written on every save. PostgreSQL keeps a pg_trgm GIN index on each (migration 0004): a near miss
    # in a name and a word inside the text are found through the index, without unaccenting every row.
    suchname = models.TextField(blank=True, editable=False)
    suchtext = models.TextField(blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name", "email"]
        indexes = [models.Index(fields=["behoerde", "is_active"])]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SEARCHED_FIELDS & set(update_fields):
            for field, value in search_columns(self.first_name, self.last_name, self.funktion).items():
                setattr(self, field, value)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "suchname", "suchtext"}
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        # Password *and* session epoch: deactivation or "end all sessions" bumps the epoch.
        key_salt = "accounts.User.session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}|{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def is_geschaeftsstelle(self) -> bool:
        return self.is_active and (self.ist_geschaeftsstelle or self.is_superuser)

    @property
    def is_redaktion(self) -> bool:
        return self.is_active and (self.ist_redaktion or self.is_geschaeftsstelle)

    @property
    def is_ansprechpartner(self) -> bool:
        return self.is_active and self.rolle == Rolle.ANSPRECHPARTNER and self.behoerde_id is not None

    @property
    def rezertifizierung_faellig_am(self):
        """When the yearly re-certification falls due (counted from the last one, or from account creation)."""
        from django.conf import settings

        return add_months(self.rezertifiziert_am or self.date_joined, settings.RECERTIFICATION_MONTHS)

    @property
    def rezertifizierung_ueberfaellig(self) -> bool:
        from django.utils import timezone

        return self.rezertifizierung_faellig_am <= timezone.now()

    @property
    def display_name_with_behoerde(self) -> str:
        behoerde = self.behoerde if self.behoerde_id else None
        return name_with_behoerde(
            self.first_name, self.last_name, self.email, behoerde and (behoerde.kurzname or behoerde.name)
        )


class EinladungQuerySet(models.QuerySet):
    def open(self):
        """Invitations that can still be accepted."""
        from django.utils import timezone

        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def visible_to(self, user):
        """Return the invitations this person may see: all for the Geschäftsstelle, own authority for an AP."""
        return self.filter(access.einladung_filter(user))


class Einladung(models.Model):
    """A single-use, expiring invitation to create an account. Only the token's SHA-256 hash is stored."""

    email = models.EmailField(_("E-Mail-Adresse"))
    behoerde = models.ForeignKey(
        "behoerden.Behoerde", verbose_name=_("Behörde"), on_delete=models.CASCADE, related_name="einladungen"
    )
    rolle = models.CharField(
        _("Rolle in der Behörde"), max_length=20, choices=Rolle.choices, default=Rolle.MITGLIED
    )
    ist_redaktion = models.BooleanField(_("Redaktion"), default=False)
    ist_geschaeftsstelle = models.BooleanField(_("Geschäftsstelle"), default=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("eingeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("angelegtes Konto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = EinladungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"]), models.Index(fields=["behoerde", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.behoerde})"

    @property
    def status(self) -> str:
        from django.utils import timezone

        if self.accepted_at:
            return _("angenommen")
        if self.revoked_at:
            return _("widerrufen")
        if self.expires_at <= timezone.now():
            return _("abgelaufen")
        return _("offen")

    @property
    def is_open(self) -> bool:
        from django.utils import timezone

        return not self.accepted_at and not self.revoked_at and self.expires_at > timezone.now()


def add_months(moment, months: int):
    """`moment` plus whole months, the day clamped to the month's end (as dateutil's relativedelta does,
    without its cost: the staff list computes this twice per row)."""
    import calendar

    years, month_index = divmod(moment.month - 1 + months, 12)
    year, month = moment.year + years, month_index + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))
