"""A real CouchDB-protocol server for the sync tests: pouchdb-server, in memory, on a
free loopback port, started in its own folder (it writes its config and log there) and
stopped after the test."""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ADMIN = ("alix", "mot-de-passe-œ")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class CouchServer:
    def __init__(self, folder: Path, port: int, process: subprocess.Popen[bytes]) -> None:
        self.folder = folder
        self.port = port
        self.process = process

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, database: str, user: str = ADMIN[0]) -> str:
        return f"http://{user}@127.0.0.1:{self.port}/{database}"

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """A request as the admin, straight to the server (what the tests look at)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.root + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        request.add_header("Content-Type", "application/json")
        token = base64.b64encode(f"{ADMIN[0]}:{ADMIN[1]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())

    def get(self, path: str) -> Any:
        return self.call("GET", path)

    def put(self, path: str, body: Any) -> Any:
        return self.call("PUT", path, body)

    def delete(self, path: str) -> Any:
        rev = self.get(path)["_rev"]
        return self.call("DELETE", f"{path}?rev={rev}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@contextmanager
def couch_server(folder: Path) -> Iterator[CouchServer]:
    command = shutil.which("pouchdb-server")
    if command is None:
        pytest.skip("pouchdb-server is not installed (.ci/run installs it with npm)")
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.json"
    config.write_text(json.dumps({"admins": {ADMIN[0]: ADMIN[1]}}))
    port = _free_port()
    process = subprocess.Popen(
        [
            command,
            "--in-memory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--config",
            str(config),
            "--no-stdout-logs",
        ],  # fmt: skip
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = CouchServer(folder, port, process)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(server.root + "/", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("pouchdb-server did not start") from None
                time.sleep(0.2)
        yield server
    finally:
        server.stop()
