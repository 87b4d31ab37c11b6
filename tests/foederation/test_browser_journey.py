"""The federated journey in a real browser against a pysaml2 IdP served on 127.0.0.1 by the test:
invited person → IdP → portal second factor → start page; unknown and deactivated people are refused."""

import threading
import time
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from tests.conftest import totp_now

from .conftest import DOMAIN, SLUG, invite_accepted
from .saml_idp import TestIdP, wsgi_app

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def live_idp(live_server, behoerde_factory, user_factory):
    from demo.pages import ensure_home_page
    from foederation.models import Identitaetsanbieter, Protokoll
    from foederation.services import identitaetsanbieter_save

    ensure_home_page()
    holder = {}
    server = make_server(
        "127.0.0.1", 0, lambda env, start: holder["app"](env, start), handler_class=_QuietHandler
    )
    base = f"http://127.0.0.1:{server.server_port}"
    idp = TestIdP(entity_id=f"{base}/idp", sso_url=f"{base}/sso")
    behoerde = behoerde_factory(name="Polizeipräsidium Ruhr")
    gs = user_factory("geschaeftsstelle")
    identitaetsanbieter_save(
        anbieter=Identitaetsanbieter(
            behoerde=behoerde,
            slug=SLUG,
            protokoll=Protokoll.SAML,
            email_domaenen=DOMAIN,
            saml_metadaten_xml=idp.metadata_xml(),
        ),
        client_secret=None,
        by=gs,
    )
    with urllib.request.urlopen(f"{live_server.url}/konto/saml/{SLUG}/metadata/") as response:  # noqa: S310
        idp.sp_metadata = response.read().decode()
    holder["app"] = wsgi_app(idp)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    idp.behoerde = behoerde
    yield idp
    server.shutdown()
    server.server_close()
    idp.close()


def _through_idp(page, base, email):
    page.goto(f"{base}/konto/login/")
    page.get_by_role("link", name="Mit Ihrer Behörde anmelden").click()
    page.fill("#id_email", email)
    page.click("main form button[type=submit]")
    page.fill("#email", email)
    page.click("button[type=submit]")
    page.click("button[type=submit]")  # the IdP's POST-binding form to the portal
    page.wait_for_load_state()


def test_federated_journey_invited_unknown_deactivated(page, live_server, live_idp, user_factory):
    from accounts.authenticators import authenticator_totp_set, new_totp_secret

    base = live_server.url
    person = user_factory(behoerde=live_idp.behoerde, email=f"erika@{DOMAIN}")
    invite_accepted(person, live_idp.behoerde)
    secret = new_totp_secret()
    authenticator_totp_set(user=person, secret=secret)

    _through_idp(page, base, person.email)
    page.wait_for_selector("input[name=code]")
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.5)
    page.fill("input[name=code]", totp_now(secret))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")

    browser = page.context.browser
    for email, expected in (
        (f"unbekannt@{DOMAIN}", "Kein Zugang – bitte wenden Sie sich an Ihre Ansprechperson"),
        ("deaktiviert", "derzeit deaktiviert"),
    ):
        if email == "deaktiviert":
            other = user_factory(behoerde=live_idp.behoerde, email=f"ex@{DOMAIN}", is_active=False)
            invite_accepted(other, live_idp.behoerde)
            email = other.email
        context = browser.new_context(locale="de-DE")
        other_page = context.new_page()
        _through_idp(other_page, base, email)
        assert expected in other_page.inner_text("main")
        context.close()


def test_unknown_person_asks_for_an_invitation_at_360_px(page, live_server, live_idp, user_factory):
    from benachrichtigungen.models import Benachrichtigung
    from foederation.models import Identitaetsanbieter
    from tests.quality.browser import format_violations, run_axe

    Identitaetsanbieter.objects.filter(slug=SLUG).update(einladungsanfrage=True)
    ansprechperson = user_factory("ansprechpartner", behoerde=live_idp.behoerde, email=f"ap@{DOMAIN}")
    page.set_viewport_size({"width": 360, "height": 740})
    _through_idp(page, live_server.url, f"neu@{DOMAIN}")
    problems = []
    for step in ("Kein Zugang", "übermittelt"):
        assert step in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), step
        problems += format_violations(step, run_axe(page))
        if step == "Kein Zugang":
            page.get_by_role("button", name="Ansprechperson um Einladung bitten").click()
            page.wait_for_load_state()
    assert problems == []
    assert Benachrichtigung.objects.filter(
        empfaenger=ansprechperson, titel__contains=f"neu@{DOMAIN}"
    ).exists()
