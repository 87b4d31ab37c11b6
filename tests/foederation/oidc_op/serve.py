"""Run the test OIDC provider: migrate, register the portal as client, serve on 127.0.0.1:PORT.

Environment: OIDC_OP_DB, OIDC_OP_KEY, OIDC_OP_PORT, OIDC_OP_CLIENT_ID, OIDC_OP_CLIENT_SECRET,
OIDC_OP_REDIRECT_URI,
OIDC_OP_POST_LOGOUT_REDIRECT_URI. Prints "bereit" when it accepts connections.
"""

import os
import sys
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.foederation.oidc_op.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    call_command("migrate", verbosity=0)
    from oauth2_provider.models import get_application_model

    get_application_model().objects.update_or_create(
        client_id=os.environ["OIDC_OP_CLIENT_ID"],
        defaults={
            "name": "SiKo Ruhr Portal (Test)",
            "client_secret": os.environ["OIDC_OP_CLIENT_SECRET"],
            "client_type": "confidential",
            "authorization_grant_type": "authorization-code",
            "redirect_uris": os.environ["OIDC_OP_REDIRECT_URI"],
            "post_logout_redirect_uris": os.environ["OIDC_OP_POST_LOGOUT_REDIRECT_URI"],
            "algorithm": "RS256",
            "skip_authorization": True,
        },
    )
    server = make_server(
        "127.0.0.1", int(os.environ["OIDC_OP_PORT"]), get_wsgi_application(), handler_class=QuietHandler
    )
    print("bereit", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
