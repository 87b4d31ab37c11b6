"""Read values as people type them: German number format, units, Ja/Nein, choices."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import NUMERIC_DECIMALS, Typ

GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
PLAIN = re.compile(r"^-?\d+(,\d+)?$")
JA = {"ja", "j", "1", "x", "wahr", "true", "yes"}
NEIN = {"nein", "n", "0", "falsch", "false", "no"}
FREITEXT_MAX = 5000


def format_number(value: Decimal | None, typ: str = Typ.ANZAHL) -> str:
    """Format a Decimal the German way: 1.234,5 (integers without decimals)."""
    if value is None:
        return ""
    value = Decimal(value)
    if typ == Typ.BETRAG:
        text = f"{value:,.2f}"
    elif value == value.to_integral_value():
        text = f"{int(value):,}"
    else:
        text = f"{value.normalize():,f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def parse_german_decimal(raw, *, einheit: str = "") -> Decimal:
    """Parse "1.234,50 €", "1.234", "12,5 kg" into a Decimal; raise ValidationError otherwise."""
    if isinstance(raw, bool):
        raise ValidationError(_("Bitte geben Sie eine Zahl ein."))
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(str(raw))
    text = str(raw).strip().replace("\u00a0", " ").replace("\u202f", " ")
    for suffix in ("€", "EUR", "Euro", einheit):
        if suffix and text.lower().endswith(suffix.lower()):
            text = text[: -len(suffix)].strip()
    if text.startswith("€"):
        text = text[1:].strip()
    text = text.replace(" ", "").replace("\u2212", "-")
    if GROUPED.match(text) or PLAIN.match(text):
        try:
            return Decimal(text.replace(".", "").replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the patterns only admit valid numbers
            pass
    if re.match(r"^-?\d+\.\d{1,2}$", text) or re.match(r"^-?\d+\.\d{4,}$", text):
        raise ValidationError(
            _(
                "„%(wert)s“ ist keine gültige Zahl: Bitte verwenden Sie das Komma als Dezimaltrennzeichen (z. B. 12,5)."
            )
            % {"wert": str(raw)[:40]}
        )
    raise ValidationError(
        _("„%(wert)s“ ist keine Zahl. Erlaubt sind z. B. 1.234 oder 1.234,50.") % {"wert": str(raw)[:40]}
    )


def parse_value(version, raw) -> tuple[Decimal | None, str]:
    """Return (number, text) for a raw input under this indicator version; (None, "") for empty input."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, ""
    typ = version.typ
    if typ == Typ.FREITEXT:
        text = str(raw).strip()
        if len(text) > FREITEXT_MAX:
            raise ValidationError(
                _("Der Text ist zu lang (höchstens %(max)d Zeichen).") % {"max": FREITEXT_MAX}
            )
        return None, text
    if typ == Typ.JA_NEIN:
        text = str(raw).strip().lower()
        if isinstance(raw, bool):
            return Decimal(int(raw)), ""
        if text in JA:
            return Decimal(1), ""
        if text in NEIN:
            return Decimal(0), ""
        raise ValidationError(_("Bitte antworten Sie mit „ja“ oder „nein“."))
    if typ == Typ.AUSWAHL:
        text = str(raw).strip()
        for option in version.auswahl or []:
            if option.lower() == text.lower():
                return None, option
        raise ValidationError(
            _("„%(wert)s“ ist keine der möglichen Antworten: %(optionen)s.")
            % {"wert": text[:40], "optionen": ", ".join(version.auswahl or [])}
        )
    number = parse_german_decimal(raw, einheit=version.einheit)
    if typ == Typ.ANZAHL:
        if number != number.to_integral_value():
            raise ValidationError(_("Eine Anzahl muss eine ganze Zahl sein."))
        if number < 0:
            raise ValidationError(_("Eine Anzahl darf nicht negativ sein."))
    elif number < 0 and (version.minimum is None or version.minimum >= 0):
        raise ValidationError(_("Der Wert darf nicht negativ sein."))
    if number.as_tuple().exponent < -NUMERIC_DECIMALS:
        raise ValidationError(
            _("Bitte höchstens %(stellen)d Nachkommastellen angeben.") % {"stellen": NUMERIC_DECIMALS}
        )
    if version.minimum is not None and number < version.minimum:
        raise ValidationError(
            _("Der Wert darf nicht kleiner als %(min)s sein.") % {"min": format_number(version.minimum, typ)}
        )
    if version.maximum is not None and number > version.maximum:
        raise ValidationError(
            _("Der Wert darf nicht größer als %(max)s sein.") % {"max": format_number(version.maximum, typ)}
        )
    if abs(number) >= Decimal(10) ** 14:
        raise ValidationError(_("Der Wert ist zu groß."))
    return number, ""


def display_value(version, zahl, text) -> str:
    """Render a stored value for people (German format)."""
    if version.typ in (Typ.FREITEXT, Typ.AUSWAHL):
        return text
    if zahl is None:
        return ""
    if version.typ == Typ.JA_NEIN:
        return _("ja") if zahl else _("nein")
    formatted = format_number(zahl, version.typ)
    unit = version.einheit_anzeige
    return f"{formatted} {unit}".strip()


def input_value(version, zahl, text) -> str:
    """Render a stored value for an input field (without the unit)."""
    if version.typ in (Typ.FREITEXT, Typ.AUSWAHL):
        return text
    if zahl is None:
        return ""
    if version.typ == Typ.JA_NEIN:
        return "ja" if zahl else "nein"
    return format_number(zahl, version.typ)
