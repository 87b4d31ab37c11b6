"""The demo has two cases — one open with a Fallbesprechung and open tasks, one closed with a released
report — and every role sees what it may."""

from analysen.models import Analysevorgang, Aufgabe


def test_two_demo_cases_and_who_sees_them(demo, login):
    offen = Analysevorgang.objects.get(betreff="Betreibernetzwerk Shisha-Bars Buer")
    zu = Analysevorgang.objects.get(betreff="Wettbüros Duisburg-Hochfeld")
    assert offen.ist_vsnfd and offen.anfrage is not None and offen.fallbesprechungen.exists()
    assert Aufgabe.objects.filter(fallbesprechung__vorgang=offen).exclude(status="erledigt").count() == 2
    assert zu.ist_abgeschlossen and zu.bericht.status == "freigegeben"
    assert zu.bericht.freigegeben_von != zu.bericht.verfasst_von
    users = demo.users
    sees = {
        "gs-admin": {offen, zu},
        "pp-essen-mitglied": {offen, zu},
        "stadt-gelsenkirchen-ap": {offen},
        "hza-dortmund-mitglied": {offen},
        "stadt-duisburg-ap": {zu},
        "stadt-gelsenkirchen-mitglied": set(),
        "stadt-duisburg-mitglied": set(),
    }
    for key, expected in sees.items():
        assert set(Analysevorgang.objects.visible_to(users[key])) == expected, key
    assert login(users["stadt-gelsenkirchen-mitglied"]).get(offen.get_absolute_url()).status_code == 404
    page = login(users["stadt-duisburg-ap"]).get(zu.get_absolute_url()).content.decode()
    assert "gemeinsame Holding" in page and "Bericht als PDF herunterladen" in page
    # The links of both reports are table rows with kinds.
    assert list(zu.bericht.verbindungen.values_list("von_name", "von_art", "zu_art")) == [
        ("Strohfrau A.", "person", "firma"),
        ("Hochfeld Holding", "firma", "firma"),
    ]
    assert 'data-label="von">Strohfrau A. <span class="badge">Person</span>' in page
    assert offen.bericht.verbindungen.filter(zu_art="ort").exists()
