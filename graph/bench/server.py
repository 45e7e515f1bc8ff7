"""`akteursgraph` as a separate process, as a user runs it: one command, or the server.

The one launcher of `akteursgraph serve` for the benchmark and for the tests
(tests/conftest.py's `serving` and `running_server` delegate to `serving` here): a real server
is what shows workers, limits and signals at work, and the benchmark's HTTP client of it. This
module only runs the CLI as a process: it imports nothing of the web layer (the core never
does).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import queue
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

from .stats import in_threads

J = TypeVar("J")

#: The installed `akteursgraph` next to this interpreter (the virtual environment's bin/).
EXECUTABLE = Path(sys.executable).parent / "akteursgraph"


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment minus AKTEURSGRAPH_* (a developer's settings), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AKTEURSGRAPH_")}
    env.update(extra or {})
    return env


def cli(
    *args: str, env: Mapping[str, str] | None = None, timeout: float | None = None
) -> tuple[int, float, str]:
    """Run `akteursgraph ARGS`; returns (exit code, seconds, stderr), code -1 on a timeout."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [str(EXECUTABLE), *args],
            env=child_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return -1, time.perf_counter() - started, "timeout"
    return done.returncode, time.perf_counter() - started, done.stderr


def free_port() -> int:
    """A loopback port free right now (another process may still take it before we bind)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str, timeout: float) -> bool:
    try:
        urllib.request.urlopen(url + "/", timeout=timeout).close()
    except urllib.error.HTTPError:
        return True  # an error page is an answer: the server is up
    except OSError:
        return False
    return True


def stop_process(proc: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM (the server then stops its query workers), then kill after `grace` seconds."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def serving(
    store_path: Path,
    *serve_args: str,
    env: Mapping[str, str] | None = None,
    start_timeout: float = 60.0,
    stop_grace: float = 20.0,
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`akteursgraph --store PATH serve --port N SERVE_ARGS` on a free loopback port.

    Waits until the server answers `/` (any HTTP status) or fails after `start_timeout`
    seconds, naming its output; yields (process, base URL); stops it on leaving. The child
    gets this environment minus AKTEURSGRAPH_* plus `env`. Its output goes to a temporary
    file, not a pipe: a pipe nobody reads fills up under load and stalls the server. A port
    taken between choosing and binding it is tried again with another.
    """
    with tempfile.TemporaryFile() as output:
        for attempt in range(3):
            port = free_port()
            output.seek(0)
            output.truncate()
            proc = subprocess.Popen(
                [str(EXECUTABLE), "--store", str(store_path), "serve", "--port", str(port),
                 *serve_args],
                env=child_env(env),
                stdout=output,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            url = f"http://127.0.0.1:{port}"
            try:
                if _wait_until_up(proc, url, start_timeout):
                    break
            except BaseException:
                stop_process(proc, stop_grace)
                raise
            stop_process(proc, stop_grace)
            output.seek(0)
            said = output.read().decode("utf-8", "replace")
            if "in use" not in said or attempt == 2:
                raise RuntimeError(f"akteursgraph serve did not start: {said[-2000:]}")
        try:
            yield proc, url
        finally:
            stop_process(proc, stop_grace)


def _wait_until_up(proc: subprocess.Popen[bytes], url: str, timeout: float) -> bool:
    """True once the server answers; False if it ended or `timeout` seconds passed."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        if _answers(url, timeout=max(0.5, min(30.0, left))):
            return True
        time.sleep(0.2)
    return False


class Client:
    """One kept-alive connection to the server, opened again after an error."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body); status 0 when the connection failed."""
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body, headers or {})
                resp = self.conn.getresponse()
                data = resp.read()
                return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt:
                    return 0, {}, b""
        return 0, {}, b""  # not reached

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def query_post(query: str) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a SPARQL query POSTed as a form, answered as JSON."""
    return urllib.parse.urlencode({"query": query}).encode(), {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }


def each_once(url: str, jobs: Iterable[J], clients: int, ask: Callable[[Client, J], None]) -> float:
    """Each job handed once to `ask`, with the kept-alive `Client` of the thread that took it:
    `clients` threads take the next job from a shared queue until none is left. The
    wall-clock seconds until all ended (`ask` keeps its own figures, under its own lock)."""
    todo: queue.Queue[J] = queue.Queue()
    for job in jobs:
        todo.put(job)

    def work() -> None:
        client = Client(url, timeout=600)
        try:
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                ask(client, job)
        finally:
            client.close()

    return in_threads(clients, work)
