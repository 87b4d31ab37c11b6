"""Serve the Prometheus metrics of every portal process on an internal address.

gunicorn's workers and Celery's pool processes each write their metrics to PROMETHEUS_MULTIPROC_DIR
(prometheus_client's multiprocess mode); this small server adds them up. It listens on localhost or the
internal network only and is no part of nginx's public server:

    PROMETHEUS_MULTIPROC_DIR=/run/siko/metrics python -m siko_portal.metrics_exporter 127.0.0.1 9100
"""

import os
import sys
import time

from prometheus_client import CollectorRegistry, multiprocess, start_http_server


def main(argv: list[str]) -> None:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        sys.exit("PROMETHEUS_MULTIPROC_DIR muss gesetzt sein.")
    address = argv[1] if len(argv) > 1 else "127.0.0.1"
    port = int(argv[2]) if len(argv) > 2 else 9100
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(port, addr=address, registry=registry)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main(sys.argv)
