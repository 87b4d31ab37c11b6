"""Numbers that are not numbers: "²", "①" and 40-digit keys in URLs and forms never cause a server error.

`str.isdigit()` is true for "²" and "①", which `int()` refuses, and a 40-digit number fits no 64-bit key
(SQLite raises OverflowError for it). Every place that reads a key, a page number or a list cursor from a
request goes through `portal.ids.parse_id`; these tests send such values to every page of the URL inventory
(in the query parameters the portal reads) and to the actions that read a key from the form.
"""

import pytest

from portal.ids import MAX_ID, out_of_range, parse_id
from tests.quality.conftest import role_client
from tests.url_inventory import build_inventory, representative

pytestmark = pytest.mark.django_db

# A Unicode digit that str.isdigit() accepts and int() refuses, a number no key can have, and that number
# in the Lagebilder list's cursor form (<microseconds>.<id>). (More such digits: test_parse_id_….)
BAD_NUMBERS = ["²", "9" * 40, "1." + "9" * 40]
# Every query parameter the portal reads as a number: page, keyset cursors, quoted post, source request.
NUMBER_PARAMETERS = ["seite", "nach", "vor", "zitat", "anfrage"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        (" 42 ", 42),
        ("007", 7),
        (7, 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 40, None),
        ("-1", None),
        ("+1", None),
        ("1.5", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("²", None),
        ("①", None),
        ("٣", None),  # Arabic-Indic three: int() reads it, the portal does not
        ("１２", None),  # full-width digits
        ("12\x00", None),
    ],
)
def test_parse_id_reads_ascii_keys_only(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", False),
        ("-1", False),
        (str(MAX_ID + 1), True),
        ("-" + "9" * 40, True),
        ("²", False),
        ("x", False),
    ],
)
def test_out_of_range_is_only_about_numbers(value, expected):
    assert out_of_range(value) is expected


@pytest.mark.parametrize("role", ["mitglied", "geschaeftsstelle"])
def test_no_page_fails_on_a_bad_number_in_its_query(demo, role):
    client = role_client(role)
    urls = [url for url in representative(build_inventory(pages="per_type")) if url.kind in ("view", "page")]
    assert len(urls) > 50
    failures = []
    for url in urls:
        for value in BAD_NUMBERS:
            query = "&".join(f"{name}={value}" for name in NUMBER_PARAMETERS)
            response = client.get(f"{url.path}?{query}")
            if response.status_code >= 500:
                failures.append(f"{url.name} {url.path}?{query}: {response.status_code}")
    assert not failures, "\n".join(failures)


def _path(name: str) -> str:
    return next(url.path for url in build_inventory() if url.name == name)


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("austausch:beantwortet", "beitrag"),
        ("arbeitskreise:mitglieder", "user"),
        ("erhebungen:meldung_korrektur", "indikator_version"),
        ("analysen:fallbesprechung_neu", "eingeladene"),
    ],
)
def test_actions_answer_a_bad_key_in_the_form_without_a_server_error(demo, name, field):
    from audit.models import Aktion, AuditEntry

    client = role_client("geschaeftsstelle")
    path = _path(name)
    last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for value in BAD_NUMBERS:
        response = client.post(path, {field: value, "aktion": "entfernen"})
        assert response.status_code < 500, f"{path} {field}={value!r}: {response.status_code}"
        assert response.status_code in (200, 302, 403, 404), (path, value, response.status_code)
    # Nothing happened: the log holds at most the refusals (the 360°-Analyse audits refused input).
    written = set(AuditEntry.objects.filter(pk__gt=last_entry).values_list("aktion", flat=True))
    assert written <= {Aktion.ANALYSE_ABGELEHNT}, written
