"""The app under gunicorn in a test: a free port, plain GETs, and waiting until the server answers."""
import socket
import time
import urllib.error
import urllib.request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url, timeout=10):
    """(status, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_until_answering(base, server, seconds=30):
    """Until the server at ``base`` answers anything (a 404 will do); ``seconds`` allows for a loaded machine."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            get(f"{base}/static/none", timeout=seconds)
            return
        except OSError:
            assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
            time.sleep(0.2)
