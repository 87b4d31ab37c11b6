"""The production stack, end to end over HTTPS through nginx (`make stack-test`, docs/betrieb.md).

One journey, in order: health and TLS; login with password and TOTP; Lagebild uploads scanned by clamd;
downloads sent by nginx (X-Accel-Redirect) and a stamped VS-NfD PDF; static files from nginx; bad input
from outside; one gunicorn instance killed in the middle of traffic; the newsletter sent by the worker to
the SMTP sink; beat's schedule; metrics only internal; JSON logs without secrets.
"""

from __future__ import annotations

import datetime
import html
import io
import json
import mailbox
import os
import re
import signal
import socket
import ssl
import threading
import time
import uuid
from email.header import decode_header, make_header
from pathlib import Path

import pytest
import requests
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from .conftest import (
    BASE,
    CERT,
    HTTP_PORT,
    HTTPS_PORT,
    LOG_DIR,
    METRICS_PORT,
    STACK_DIR,
    csrf,
    log_lines,
    new_session,
    wait_for_request_log,
)

MITGLIED = "mitglied@pp-essen.nrw.de"
REDAKTION = "redaktion@siko-ruhr.nrw.de"
GESCHAEFTSSTELLE = "admin@siko-ruhr.nrw.de"
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
VS_MARKING = "VS – NUR FÜR DEN DIENSTGEBRAUCH"
# Text inside the VS-NfD document: it must never reach a log.
VS_SECRET = f"Verschlusssache Inhalt {uuid.uuid4().hex[:12]}"
# The client below offers TLS 1.0/1.1 on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1:DeprecationWarning")
SECURITY_HEADERS = ("X-Content-Type-Options", "Strict-Transport-Security", "Content-Security-Policy")


def pdf_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 700, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def upload_lagebild(session, *, titel: str, klassifikation: str, name: str, content: bytes, ctype: str):
    form = session.get(BASE + "/lagebilder/neu/")
    assert form.status_code == 200
    fachgebiet = re.search(r'name="fachgebiete" value="(\d+)"', form.text).group(1)
    today = datetime.date.today().isoformat()
    return session.post(
        BASE + "/lagebilder/neu/",
        data={
            "csrfmiddlewaretoken": csrf(form.text),
            "titel": titel,
            "zusammenfassung": f"Zusammenfassung {titel}",
            "zeitraum_von": today,
            "zeitraum_bis": today,
            "region": "",
            "fachgebiete": fachgebiet,
            "klassifikation": klassifikation,
            "sichtbarkeit": "eigene_behoerde",
            "aenderungshinweis": "",
            "veroeffentlichen": "on",
        },
        files={"datei": (name, content, ctype)},
        allow_redirects=False,
    )


def stored_files() -> set[Path]:
    return {p for p in (STACK_DIR / "private").rglob("*") if p.is_file()}


# --- health and TLS -------------------------------------------------------------------------------


def test_health_reports_every_service_through_nginx():
    response = new_session().get(BASE + "/health/")
    assert response.status_code == 200
    assert response.json() | {"beat_heartbeat": None} == {
        "database": "ok",
        "redis": "ok",
        "broker": "ok",
        "clamd": "ok",
        "beat_heartbeat": None,
        "status": "ok",
    }
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, passed to and logged by Django
    instance, entry = wait_for_request_log(request_id)
    assert entry["status"] == 200 and entry["path"] == "/health/" and entry["duration_ms"] >= 0


def _handshake(version: ssl.TLSVersion) -> str:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(CERT)
    context.minimum_version = version
    context.maximum_version = version
    # Let this client offer TLS 1.0/1.1 at all (OpenSSL 3 refuses them at its default level), so that a
    # refusal can only come from the server.
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    with (
        socket.create_connection(("127.0.0.1", HTTPS_PORT), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        return tls.version()


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1])
def test_tls_1_0_and_1_1_are_refused_by_the_server(version):
    with pytest.raises(ssl.SSLError) as refused:
        _handshake(version)
    # The server's alert, not a client-side restriction.
    assert "ALERT_PROTOCOL_VERSION" in str(refused.value) or "ALERT_HANDSHAKE_FAILURE" in str(refused.value)


@pytest.mark.parametrize(
    "version,name", [(ssl.TLSVersion.TLSv1_2, "TLSv1.2"), (ssl.TLSVersion.TLSv1_3, "TLSv1.3")]
)
def test_tls_1_2_and_1_3_are_accepted(version, name):
    assert _handshake(version) == name


def test_http_redirects_to_https_and_https_sends_hsts():
    session = new_session()
    response = session.get(f"http://127.0.0.1:{HTTP_PORT}/lagebilder/?seite=2", allow_redirects=False)
    assert response.status_code == 301
    assert response.headers["Location"] == f"{BASE}/lagebilder/?seite=2"
    login_page = session.get(BASE + "/konto/login/")
    assert login_page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- login, start page, uploads, downloads --------------------------------------------------------


def test_login_with_password_and_totp_reaches_the_start_page(stack):
    session = stack.login(MITGLIED)
    cookie = next(c for c in session.cookies if c.name == "__Host-sessionid")
    assert cookie.secure and cookie.has_nonstandard_attr("HttpOnly")
    start = session.get(BASE + "/")
    assert start.status_code == 200
    assert "Abmelden" in start.text
    instance, entry = wait_for_request_log(start.headers["X-Request-ID"])
    assert isinstance(entry["user_id"], int)  # the request log names the account, never its address


def test_upload_is_scanned_by_clamd(stack):
    session = stack.login(MITGLIED)
    before = stored_files()
    refused = upload_lagebild(
        session,
        titel="Lagebild mit Testvirus",
        klassifikation="offen",
        name="eicar.txt",
        content=EICAR,
        ctype="text/plain",
    )
    assert refused.status_code == 200
    assert "Die Virenprüfung hat Schadsoftware gefunden (Eicar-Test-Signature" in refused.text
    assert stored_files() == before, "eine verseuchte Datei wurde gespeichert"

    content = pdf_bytes("Offenes Lagebild Ruhr")
    accepted = upload_lagebild(
        session,
        titel="Offenes Lagebild (Stack)",
        klassifikation="offen",
        name="Lagebild Ruhr.pdf",
        content=content,
        ctype="application/pdf",
    )
    assert accepted.status_code == 302, accepted.text[:500]
    offen_pk = int(re.search(r"/lagebilder/(\d+)/", accepted.headers["Location"]).group(1))

    vs_content = pdf_bytes(VS_SECRET)
    accepted = upload_lagebild(
        session,
        titel="VS-NfD Lagebild (Stack)",
        klassifikation="vs_nfd",
        name="vertraulich.pdf",
        content=vs_content,
        ctype="application/pdf",
    )
    assert accepted.status_code == 302, accepted.text[:500]
    vs_pk = int(re.search(r"/lagebilder/(\d+)/", accepted.headers["Location"]).group(1))
    # Which instance wrote the VS-NfD file: the kill test later stops exactly this one.
    writer, _entry = wait_for_request_log(accepted.headers["X-Request-ID"])
    stack.secrets.add(VS_SECRET)
    stack.state.update(offen_pk=offen_pk, offen_content=content, vs_pk=vs_pk, vs_writer=writer)
    assert len(stored_files()) == len(before) + 2


def test_download_is_sent_by_nginx_with_security_headers(stack):
    session = stack.login(MITGLIED)
    response = session.get(f"{BASE}/lagebilder/{stack.state['offen_pk']}/download/")
    assert response.status_code == 200
    assert response.content == stack.state["offen_content"]
    # Only nginx's internal location sets this header; the application's response had an empty body.
    assert response.headers["X-Served-By"] == "nginx"
    assert response.headers["Accept-Ranges"] == "bytes" and response.headers["ETag"]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "Lagebild" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    for header in SECURITY_HEADERS:
        assert response.headers.get(header), header
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    # And the application checked the permission first: the request is in a web instance's log.
    instance, entry = wait_for_request_log(response.headers["X-Request-ID"])
    assert entry["view"] == "lagebilder:download" and entry["status"] == 200


def test_vsnfd_pdf_comes_back_stamped(stack):
    session = stack.login(MITGLIED)
    response = session.get(f"{BASE}/lagebilder/{stack.state['vs_pk']}/download/")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert VS_MARKING in text
    assert "abgerufen von" in text
    assert VS_SECRET in text


def test_static_files_come_from_nginx_compressed_and_cached_for_a_year(stack):
    start = stack.login(MITGLIED).get(BASE + "/")
    path = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', start.text).group(1)
    response = new_session().get(BASE + path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Type"] == "text/css"
    assert "X-Request-ID" not in response.headers  # the application never saw it
    access = [json.loads(line) for line in log_lines("nginx-access")]
    served = [e for e in access if e["path"] == path]
    assert served and all(e["upstream"] == "" for e in served)


# --- bad input from outside -----------------------------------------------------------------------


def test_forged_x_accel_redirect_from_a_client_is_ignored(stack):
    stored = next(iter(stored_files())).relative_to(STACK_DIR / "private")
    response = new_session().get(
        BASE + "/health/", headers={"X-Accel-Redirect": f"/_geschuetzt_intern/{stored}"}
    )
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert "X-Served-By" not in response.headers


def test_internal_and_private_locations_answer_404(stack):
    stored = next(iter(stored_files())).relative_to(STACK_DIR / "private")
    session = stack.login(MITGLIED)  # even logged in
    for prefix in ("/_geschuetzt_intern/", "/_geschuetzt/"):
        response = session.get(f"{BASE}{prefix}{stored}")
        assert response.status_code == 404, prefix
        assert b"%PDF" not in response.content


def test_forged_forwarded_headers_are_ignored():
    response = new_session().get(
        BASE + "/konto/login/",
        headers={
            "X-Forwarded-For": "203.0.113.9",
            "X-Forwarded-Host": "evil.example",
            "X-Forwarded-Proto": "http",
            "X-Forwarded-Port": "80",
            "X-Request-ID": "0123456789abcdef0123456789abcdef",
        },
        allow_redirects=False,
    )
    # X-Forwarded-Proto=http would make Django redirect to https; nginx overwrote it.
    assert response.status_code == 200
    assert "evil.example" not in response.text and "evil.example" not in str(response.headers)
    assert response.headers["X-Request-ID"] != "0123456789abcdef0123456789abcdef"
    _instance, entry = wait_for_request_log(response.headers["X-Request-ID"])
    assert entry["client"] == "127.0.0.1"  # nginx's view of the client, not the forged address


def test_wrong_host_is_refused_with_400():
    response = new_session().get(BASE + "/konto/login/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "csrfmiddlewaretoken" not in response.text and "Set-Cookie" not in response.headers


def test_metrics_are_internal_only():
    assert new_session().get(BASE + "/metrics").status_code == 404
    assert new_session().get(BASE + "/metrics/").status_code == 404
    internal = requests.get(f"http://127.0.0.1:{METRICS_PORT}/metrics", timeout=5)
    assert internal.status_code == 200
    assert 'siko_http_requests_total{method="GET",status="200"}' in internal.text
    # The exporter listens on the loopback address only (/proc/net/tcp: 0100007F is 127.0.0.1).
    listening = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[3] == "0A"
    ]
    assert f"0100007F:{METRICS_PORT:04X}" in listening
    assert f"00000000:{METRICS_PORT:04X}" not in listening


# --- two instances, one state ---------------------------------------------------------------------


def _instance_pids(name: str) -> list[int]:
    master = int((STACK_DIR / "pid" / f"{name}.pid").read_text().strip())
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return pids


def test_killing_one_instance_fails_at_most_the_requests_in_flight(stack):
    session = stack.login(MITGLIED)
    victim = stack.state["vs_writer"]  # the instance that wrote the VS-NfD upload
    survivor = "web2" if victim == "web1" else "web1"
    cookies = session.cookies.get_dict()
    urls = ["/", "/health/", f"/lagebilder/{stack.state['offen_pk']}/", "/lagebilder/"]
    clients = 4
    results: list[tuple[float, float, int | None]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + 8
    kill_at: list[float] = []

    def client(number: int) -> None:
        http = new_session()
        http.cookies.update(cookies)
        i = number
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                status = http.get(BASE + urls[i % len(urls)], timeout=30, allow_redirects=False).status_code
            except requests.RequestException:
                status = None
            with lock:
                results.append((started, time.monotonic(), status))
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(2.5)
    pids = _instance_pids(victim)
    kill_at.append(time.monotonic())
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    for thread in threads:
        thread.join()

    killed = kill_at[0]
    failed = [r for r in results if r[2] is None or r[2] >= 500]
    after = [r for r in results if r[0] > killed + 0.5]
    summary = {
        "requests": len(results),
        "failed": len(failed),
        "in_flight_at_kill": sum(1 for r in results if r[0] <= killed <= r[1]),
        "after_kill": len(after),
        "killed": victim,
        "survivor": survivor,
    }
    (STACK_DIR / "kill-test.json").write_text(json.dumps(summary))
    # Only requests in flight at the moment of the kill may fail: at most one per client, and each one
    # must have started before the kill.
    assert len(failed) <= clients, failed
    assert all(r[0] <= killed for r in failed), failed
    assert len(after) >= 10 and all(r[2] == 200 for r in after), after[:10]
    assert all(not Path(f"/proc/{pid}").exists() for pid in pids)

    # The session lives on (cached_db in Redis and PostgreSQL), served by the other instance.
    start = session.get(BASE + "/")
    assert start.status_code == 200 and "Abmelden" in start.text
    assert wait_for_request_log(start.headers["X-Request-ID"])[0] == survivor
    # The file the dead instance wrote is read by the survivor (shared storage): stamped VS-NfD PDF.
    response = session.get(f"{BASE}/lagebilder/{stack.state['vs_pk']}/download/")
    assert response.status_code == 200
    assert VS_SECRET in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert wait_for_request_log(response.headers["X-Request-ID"])[0] == survivor
    stack.state["survivor"] = survivor


# --- worker, beat, logs ---------------------------------------------------------------------------


def _newsletter_action(session, pk: int, aktion: str, **extra) -> requests.Response:
    page = session.get(f"{BASE}/newsletter/verwaltung/{pk}/")
    assert page.status_code == 200
    return session.post(
        f"{BASE}/newsletter/verwaltung/{pk}/aktion/",
        data={"csrfmiddlewaretoken": csrf(page.text), "aktion": aktion, **extra},
    )


def test_newsletter_is_sent_by_the_worker_to_the_smtp_sink(stack):
    redaktion = stack.login(REDAKTION)
    listing = redaktion.get(BASE + "/newsletter/verwaltung/")
    drafts = re.findall(
        r'<a href="/newsletter/verwaltung/(\d+)/">([^<]+)</a></td><td><span class="badge">Entwurf<',
        listing.text,
    )
    assert drafts, "kein Newsletter-Entwurf in den Demodaten"
    pk, titel = int(drafts[0][0]), html.unescape(drafts[0][1])
    assert "zur Freigabe eingereicht" in _newsletter_action(redaktion, pk, "einreichen").text

    gs = stack.login(GESCHAEFTSSTELLE)
    assert "Die Ausgabe ist freigegeben." in _newsletter_action(gs, pk, "freigeben").text
    started = time.monotonic()
    sent = _newsletter_action(gs, pk, "versenden", bestaetigt="ja")
    assert "Der Versand wurde gestartet." in sent.text
    assert time.monotonic() - started < 10  # the web request only hands the job to the worker

    sink = mailbox.Maildir(STACK_DIR / "smtp-sink", create=False)
    deadline = time.monotonic() + 90
    detail = ""
    while time.monotonic() < deadline:
        detail = gs.get(f"{BASE}/newsletter/verwaltung/{pk}/").text
        if '<span class="badge">versendet</span>' in detail:
            break
        time.sleep(1)
    assert '<span class="badge">versendet</span>' in detail, "der Versand wurde nicht fertig"
    assert "fehlgeschlagen</td>" not in detail and "ausstehend</td>" not in detail
    messages = list(sink)
    subjects = [str(make_header(decode_header(m["Subject"]))) for m in messages]
    recipients = [
        m["To"]
        for m, subject in zip(messages, subjects, strict=True)
        if subject == f"SiKo Ruhr Newsletter: {titel}"
    ]
    # Beat's weekly run (every 15 minutes) sends this week's overview when the week's slot has passed and
    # nothing went out yet — in a fresh stack that can happen during this test, depending on the clock. Those
    # mails are the only others allowed in the sink.
    others = [subject for subject in subjects if subject != f"SiKo Ruhr Newsletter: {titel}"]
    assert all(subject.startswith("SiKo Ruhr Newsletter: Wochenübersicht KW") for subject in others), others
    # The worker sent them: its task log lines, and one mail per recipient in the sink.
    tasks = [json.loads(line) for line in log_lines("worker") if '"siko.task"' in line]
    assert any(t["task"] == "newsletter.tasks.versand_chunk" and t["state"] == "SUCCESS" for t in tasks)
    assert len(recipients) == len(set(recipients)) >= 10, recipients
    assert "zugestellt</td>" in detail
    # Tokens in the mails (unsubscribe and settings links) must not appear in any log.
    for message in messages:
        body = message.as_string()
        for token in re.findall(r"/newsletter/(?:abmelden|einstellungen/link)/([^/\s\"'>]+)/", body):
            stack.secrets.add(token)
    stack.state["newsletter_mails"] = len(messages)


def test_beat_schedule_entry_fires_and_the_worker_runs_it():
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        sent = [line for line in log_lines("beat") if "Sending due task betrieb-heartbeat" in line]
        ran = [
            json.loads(line)
            for line in log_lines("worker")
            if '"portal.tasks.beat_heartbeat"' in line and '"siko.task"' in line
        ]
        if sent and any(r["state"] == "SUCCESS" for r in ran):
            break
        time.sleep(0.5)
    assert sent, "beat hat den Heartbeat nicht geplant"
    assert any(r["state"] == "SUCCESS" for r in ran), "der Worker hat den Heartbeat nicht ausgeführt"
    health = new_session().get(BASE + "/health/").json()
    assert health["beat_heartbeat"]


def test_logs_are_json_lines_without_secrets(stack):
    names = ["web1", "web2", "worker", "beat"]
    requests_seen = 0
    for name in names:
        text = (LOG_DIR / f"{name}.log").read_text(errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            entry = json.loads(line)  # every line, also gunicorn's and Celery's own
            assert {"ts", "level", "logger", "msg"} <= entry.keys(), (name, number)
            if entry["logger"] == "siko.request":
                requests_seen += 1
                assert {"request_id", "status", "duration_ms", "method", "path"} <= entry.keys()
        for secret in stack.secrets.values:
            assert secret not in text, f"{name}.log enthält ein Geheimnis oder VS-Inhalt"
    assert requests_seen > 50
