def test_pages(board, make_thema, login):
    t = make_thema()
    ak_t = make_thema(bereich=board["ak"], by=board["leitung"])
    c = login(board["mitglied"])
    for url in [
        "/austausch/",
        "/austausch/bereich/allgemein/",
        f"/austausch/thema/{t.pk}/",
        f"/austausch/thema/{ak_t.pk}/",
        "/austausch/benachrichtigungen/",
        "/austausch/anfragen/",
        "/austausch/anfragen/neu/",
        "/arbeitskreise/",
        "/arbeitskreise/rotlicht/",
        "/arbeitskreise/rotlicht/sitzungen.ics",
        f"/austausch/bereich/{board['ak'].slug}/neu/",
    ]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code)
    g = login(board["gs"])
    for url in [
        "/austausch/anfragen/verwaltung/",
        "/austausch/meldungen/",
        f"/austausch/beitrag/{t.beitraege.first().pk}/versionen/",
    ]:
        assert g.get(url).status_code == 200, url
    a = login(board["aussen"])
    assert a.get(f"/austausch/thema/{ak_t.pk}/").status_code == 404
