from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from erhebungen.models import IndikatorVersion, Typ
from erhebungen.parsing import format_number, parse_value


def version(typ, **kw):
    return IndikatorVersion(typ=typ, name="Test", nummer=1, **kw)


@pytest.mark.parametrize(
    ("typ", "einheit", "raw", "expected"),
    [
        (Typ.BETRAG, "", "1.234,50 €", Decimal("1234.50")),
        (Typ.BETRAG, "", "€ 1.234.567,89", Decimal("1234567.89")),
        (Typ.BETRAG, "", "1234,5", Decimal("1234.5")),
        (Typ.ANZAHL, "", "1.234", Decimal("1234")),
        (Typ.ANZAHL, "", " 17 ", Decimal("17")),
        (Typ.ANZAHL, "", "0", Decimal("0")),
        (Typ.MENGE, "kg", "12,5 kg", Decimal("12.5")),
        (Typ.MENGE, "kg", "12,5kg", Decimal("12.5")),
        (Typ.ANZAHL, "", 42, Decimal("42")),
        (Typ.MENGE, "kg", 3.25, Decimal("3.25")),
        (Typ.JA_NEIN, "", "Ja", Decimal(1)),
        (Typ.JA_NEIN, "", "nein", Decimal(0)),
    ],
)
def test_german_input_is_read(typ, einheit, raw, expected):
    zahl, _ = parse_value(version(typ, einheit=einheit), raw)
    assert zahl == expected


@pytest.mark.parametrize(
    ("typ", "raw", "message"),
    [
        (Typ.ANZAHL, "-3", "darf nicht negativ"),
        (Typ.ANZAHL, "drei", "keine Zahl"),
        (Typ.ANZAHL, "2,5", "ganze Zahl"),
        (Typ.BETRAG, "12.5", "Komma als Dezimaltrennzeichen"),
        (Typ.BETRAG, "1,234.50", "keine Zahl"),
        (Typ.BETRAG, "-5,00 €", "nicht negativ"),
        (Typ.JA_NEIN, "vielleicht", "„ja“ oder „nein“"),
    ],
)
def test_bad_input_gets_german_message(typ, raw, message):
    with pytest.raises(ValidationError) as exc:
        parse_value(version(typ), raw)
    assert message in " ".join(exc.value.messages)


def test_bounds_are_enforced():
    v = version(Typ.ANZAHL, minimum=Decimal(0), maximum=Decimal(1000))
    with pytest.raises(ValidationError) as exc:
        parse_value(v, "1.001")
    assert "nicht größer als 1.000" in exc.value.messages[0]


def test_choice_must_be_one_of_the_options():
    v = version(Typ.AUSWAHL, auswahl=["hoch", "mittel", "niedrig"])
    assert parse_value(v, "Mittel") == (None, "mittel")
    with pytest.raises(ValidationError):
        parse_value(v, "sehr hoch")


def test_empty_input_is_no_value():
    assert parse_value(version(Typ.ANZAHL), "  ") == (None, "")


def test_format_number_is_german():
    assert format_number(Decimal("1234567.5"), Typ.BETRAG) == "1.234.567,50"
    assert format_number(Decimal("1234"), Typ.ANZAHL) == "1.234"
