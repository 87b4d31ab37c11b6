"""Start the demo authority's local SAML IdP (Polizeipräsidium Essen) on http://127.0.0.1:8390.

Run after `manage.py seed_demo`, while the portal runs on PORTAL_BASE_URL (dev: http://localhost:8000):
    .venv/bin/python scripts/demo_idp.py
The IdP asks only for an email address (e.g. mitglied@pp-essen.nrw.de) and signs a SAML response with
the demo key in var/demo-idp/. Needs pysaml2 (dev dependencies) and Debian's xmlsec1. Demo only.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit
from wsgiref.simple_server import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from demo.foederation import DEMO_IDP_ENTITY_ID, DEMO_IDP_PORT, demo_idp_certificate, demo_idp_dir  # noqa: E402
from tests.foederation.saml_idp import TestIdP, wsgi_app  # noqa: E402


def main() -> None:
    demo_idp_certificate()
    idp = TestIdP(
        entity_id=DEMO_IDP_ENTITY_ID,
        sso_url=f"http://127.0.0.1:{DEMO_IDP_PORT}/sso",
        key_path=demo_idp_dir() / "idp.key",
        cert_path=demo_idp_dir() / "idp.crt",
    )
    host = urlsplit(settings.PORTAL_BASE_URL).netloc
    idp.sp_metadata = Client(HTTP_HOST=host).get("/konto/saml/pp-essen/metadata/").content.decode()
    print(f"Demo-IdP für das Polizeipräsidium Essen: http://127.0.0.1:{DEMO_IDP_PORT}/ (Strg+C beendet)")
    with make_server("127.0.0.1", DEMO_IDP_PORT, wsgi_app(idp)) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
