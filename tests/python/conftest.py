"""Fixtures for the boto3 and AWS CLI conformance suites.

Every test talks to a real `pinpoint-local` process started on port 0:

* `server` is one process for the whole session. Tests share it safely because each one works
  in its own app (`app_id`, a fresh uuid hex) or its own account (`account_id`, a fresh 12-digit
  access key id, see docs/behaviour.md#scope-account).
* `server_factory(*flags)` starts a private process with extra flags (`--strict-apps`,
  `--max-events 3`, ...) for tests that need a mode or global state; it is stopped after the test.
* `client_factory(region=..., access_key=..., server=...)` builds a boto3 Pinpoint client pointed
  at a server, with dummy credentials and a single attempt (no retries hide a wrong status).

The binary is `target/release/pinpoint-local` unless `PINPOINT_LOCAL_BIN` says otherwise.
"""

import http.client
import json
import os
import pathlib
import random
import select
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid

import boto3
import pytest
from botocore.config import Config

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("PINPOINT_LOCAL_BIN") or str(REPO / "target" / "release" / "pinpoint-local")
DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "000000000000"
STARTUP_TIMEOUT = 15.0


class HttpResponse:
    """A raw HTTP answer: status, headers (case-insensitive) and body bytes."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def header(self, name):
        return self.headers.get(name)

    def __repr__(self):
        return f"<HttpResponse {self.status} {self.body[:300]!r}>"


class Server:
    """One running pinpoint-local process."""

    def __init__(self, *flags):
        if not os.path.isfile(BIN) or not os.access(BIN, os.X_OK):
            raise RuntimeError(
                f"pinpoint-local binary not found at {BIN}: run 'cargo build --release' "
                "or set PINPOINT_LOCAL_BIN"
            )
        self.flags = list(flags)
        self._stderr = tempfile.TemporaryFile()
        # A clean environment: no PINPOINT_LOCAL_* variable from the caller changes the mode.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PINPOINT_LOCAL_")}
        self.proc = subprocess.Popen(
            [BIN, "--port", "0", *self.flags],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
        )
        self.port = self._read_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Drain anything else written to stdout so the pipe never fills up.
        threading.Thread(target=self._drain, daemon=True).start()

    def _read_port(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.proc.poll() is not None:
                break
            ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
            if not ready:
                break
            chunk = os.read(self.proc.stdout.fileno(), 1)
            if not chunk:
                break
            line += chunk
        text = line.decode("utf-8", "replace").strip()
        prefix = "listening on http://127.0.0.1:"
        if not text.startswith(prefix):
            self.stop()
            raise RuntimeError(
                f"pinpoint-local {' '.join(self.flags)} did not announce its port; "
                f"first stdout line {text!r}; stderr:\n{self.stderr_text()}"
            )
        return int(text[len(prefix):])

    def _drain(self):
        try:
            while self.proc.stdout.read(65536):
                pass
        except (OSError, ValueError):
            pass

    def stderr_text(self):
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")

    def stop(self, timeout=10):
        """SIGTERM, then wait; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    # ---- raw HTTP -------------------------------------------------------------------------

    def request(self, method, path, body=None, headers=None, timeout=30):
        """A plain HTTP request; `body` may be bytes, str or a JSON-able object."""
        data = None
        hdrs = dict(headers or {})
        if body is not None:
            if isinstance(body, (bytes, bytearray)):
                data = bytes(body)
            elif isinstance(body, str):
                data = body.encode("utf-8")
            else:
                data = json.dumps(body).encode("utf-8")
                hdrs.setdefault("Content-Type", "application/json")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            if data is not None:
                hdrs.setdefault("Content-Length", str(len(data)))
            for name, value in hdrs.items():
                conn.putheader(name, value)
            try:
                conn.endheaders(data)
            except (BrokenPipeError, ConnectionResetError):
                # The server may answer (413) and close before it has read the whole body;
                # its answer is still waiting to be read, as botocore does.
                pass
            resp = conn.getresponse()
            return HttpResponse(resp.status, resp.headers, resp.read())
        finally:
            conn.close()

    def get_json(self, path):
        resp = self.request("GET", path)
        assert resp.status == 200, resp
        return resp.json()

    def events(self, **filters):
        """GET /_pinpoint/events with the given filters (underscores become dashes)."""
        query = urllib.parse.urlencode(
            {k.replace("_", "-"): v for k, v in filters.items() if v is not None}
        )
        return self.get_json("/_pinpoint/events" + (f"?{query}" if query else ""))


def make_client(server, region=DEFAULT_REGION, access_key="AKIDEXAMPLE"):
    return boto3.session.Session().client(
        "pinpoint",
        endpoint_url=server.url,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        config=Config(
            retries={"max_attempts": 1, "mode": "standard"},
            connect_timeout=5,
            read_timeout=60,
        ),
    )


@pytest.fixture(scope="session")
def server():
    srv = Server()
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def _delete_default_account_apps(server):
    """Deletes, after each test, the apps left in the shared server's default partition
    (account 000000000000, us-east-1; unsigned requests land there, docs/behaviour.md#scope-account
    and docs/behaviour.md#scope-region), so a long session never reaches the 100-apps-per-region
    quota (docs/behaviour.md#app-quota)."""
    yield
    for _ in range(100):
        listing = server.request("GET", "/v1/apps?page-size=1000")
        if listing.status != 200:
            return
        items = listing.json().get("Item", [])
        if not items:
            return
        for app in items:
            server.request("DELETE", "/v1/apps/" + urllib.parse.quote(app["Id"], safe=""))


@pytest.fixture
def server_factory():
    started = []

    def start(*flags):
        srv = Server(*flags)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture
def client_factory(server):
    def factory(region=DEFAULT_REGION, access_key="AKIDEXAMPLE", server=server):
        return make_client(server, region=region, access_key=access_key)

    return factory


@pytest.fixture
def client(client_factory):
    return client_factory()


@pytest.fixture
def app_id():
    return uuid.uuid4().hex


@pytest.fixture
def account_id():
    """A fresh 12-digit access key id: a private account on the shared server
    (docs/behaviour.md#scope-account)."""
    return "".join(random.choice("0123456789") for _ in range(11)) + "7"


@pytest.fixture
def account_client(client_factory, account_id):
    """A client in a private account, for tests that list apps."""
    return client_factory(access_key=account_id)


# ---- helpers shared by the test modules ----------------------------------------------------


def put_endpoint(client, app_id, endpoint_id, **request):
    """UpdateEndpoint with the given EndpointRequest members; returns the response."""
    return client.update_endpoint(
        ApplicationId=app_id, EndpointId=endpoint_id, EndpointRequest=request
    )


def get_endpoint(client, app_id, endpoint_id):
    return client.get_endpoint(ApplicationId=app_id, EndpointId=endpoint_id)["EndpointResponse"]


def error_of(excinfo):
    """(code, status, message, RequestID) of a botocore ClientError."""
    resp = excinfo.value.response
    return (
        resp["Error"]["Code"],
        resp["ResponseMetadata"]["HTTPStatusCode"],
        resp.get("Message", resp["Error"].get("Message")),
        resp.get("RequestID"),
    )


def iso_now_ms():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % int((t % 1) * 1000)
