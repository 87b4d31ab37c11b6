"""Fill in deploy/nginx.conf's ${SIKO_...} variables from the environment and print the result.

The same substitution as envsubst with a variable list (what the nginx image does with
/etc/nginx/templates/ and NGINX_ENVSUBST_FILTER=^SIKO_): only ${SIKO_NAME} is replaced, nginx's own
$variables stay. A variable the file uses but the environment lacks is an error, not an empty string.
"""

import os
import re
import sys

PATTERN = re.compile(r"\$\{(SIKO_[A-Z0-9_]+)\}")


def render(text: str, environ: dict[str, str]) -> str:
    missing = sorted({name for name in PATTERN.findall(text) if not environ.get(name)})
    if missing:
        raise SystemExit(f"nginx-Vorlage: Variablen fehlen: {', '.join(missing)}")
    return PATTERN.sub(lambda match: environ[match.group(1)], text)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as template:
        sys.stdout.write(render(template.read(), dict(os.environ)))
