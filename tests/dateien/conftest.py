import pytest

from .scanner import IN_CI, FakeClamd, Scanner, real_clamd_socket


@pytest.fixture(scope="session")
def _real_clamd_socket():
    return real_clamd_socket()


@pytest.fixture
def virenscanner(settings, _real_clamd_socket):
    """Point the upload check at the real clamd; in CI a missing clamd fails the test (never a skip)."""
    settings.ANTIVIRUS = "an"
    settings.CLAMD_HOST = None
    if _real_clamd_socket:
        settings.CLAMD_SOCKET = _real_clamd_socket
        yield Scanner(_real_clamd_socket, real=True)
        return
    if IN_CI:
        pytest.fail(
            "CI ohne clamd: .ci/run muss clamav-daemon installieren und CLAMD_SOCKET setzen "
            "(scripts/start_clamd.sh)."
        )
    fake = FakeClamd.start()
    settings.CLAMD_SOCKET = fake.path
    yield Scanner(fake.path, real=False)
    fake.close()


def pytest_configure(config):
    # Registered by xdist, but also needed when the suite runs without it (-p no:xdist).
    config.addinivalue_line("markers", "xdist_group(name): run these tests in one xdist worker")
