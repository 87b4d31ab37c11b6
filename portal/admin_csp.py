"""Admin-only Content-Security-Policy exception.

Wagtail 8's admin still emits inline <script> blocks (and style attributes) without a nonce; under the
portal's strict policy 17 of them are blocked on the page editor. For paths under /admin/ only, this
middleware relaxes `script-src`/`style-src` to 'self' 'unsafe-inline'. The portal itself keeps the strict
nonce policy. It must come after `csp.middleware.CSPMiddleware` in MIDDLEWARE so its response hook runs
first. Admin access itself needs Redaktion/Geschäftsstelle rights plus login and second factor.
"""

from csp.constants import SELF, UNSAFE_INLINE

ADMIN_PREFIX = "/admin/"
ADMIN_CSP_REPLACE = {"script-src": [SELF, UNSAFE_INLINE], "style-src": [SELF, UNSAFE_INLINE]}


class AdminCSPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIX):
            response._csp_replace = ADMIN_CSP_REPLACE
        return response
