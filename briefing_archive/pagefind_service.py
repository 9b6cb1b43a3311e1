"""Pagefind's ``--service`` process, spoken to over its stdin/stdout.

Why not ``pagefind.index.PagefindIndex``: its client polls the service's
answers with a 0.1 s sleep between messages (10,000 records would take
17 minutes) and reads ``get_files`` through a 2 MiB stream limit that a large
index overflows. We speak the same service protocol (base64 JSON messages
ending in ",") directly, with one thread writing requests while the caller
reads answers, so neither pipe can fill up and stall the other side.
"""

from __future__ import annotations

import base64
import functools
import json
import subprocess
import threading


class SearchIndexError(RuntimeError):
    """Pagefind is missing, crashed or rejected a record."""


def index_records(records: list[dict], service: PagefindService | None = None) -> dict[str, bytes]:
    """Run Pagefind over ``records``: its bundle, paths relative to ``pagefind/``. In
    ``service`` when given (left running for the next records), else in a process of its own."""
    if service is None:
        with PagefindService() as own:
            return index_records(records, own)
    index_id = service.call({"type": "NewIndex", "config": None})[0]["index_id"]
    service.call(*({"type": "AddRecord", "index_id": index_id, **r} for r in records))
    answer = service.call({"type": "GetFiles", "index_id": index_id})[0]
    service.call({"type": "DeleteIndex", "index_id": index_id})  # its memory let go
    return {f["path"]: base64.b64decode(f["content"]) for f in answer["files"]}


class Pagefinds:
    """A Pagefind process for each thread that asks (``service``), each kept for the
    thread's next records until ``close``: a process a shard took ~10 ms more of Pagefind's
    CPU each (the 46 shards of 10,000 briefings: 8.4-8.6 s against 7.7-8.3 s)."""

    def __init__(self) -> None:
        self.local = threading.local()
        self.started: list[PagefindService] = []
        self.lock = threading.Lock()

    def __enter__(self) -> Pagefinds:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def service(self) -> PagefindService:
        found = getattr(self.local, "service", None)
        if found is None:
            found = self.local.service = PagefindService()
            with self.lock:
                self.started.append(found)
        return found

    def close(self) -> None:
        with self.lock:
            started, self.started = self.started, []
        for service in started:
            service.close()


@functools.cache
def get_executable():
    """Pagefind's binary, or None (its module imported only now: it brings asyncio and ssl,
    12–40 ms that only the search process needs)."""
    from pagefind.service import get_executable as installed

    return installed()


class PagefindService:
    """The ``pagefind --service`` process, spoken to over its stdin/stdout."""

    def __init__(self) -> None:
        executable = get_executable()
        if executable is None:
            get_executable.cache_clear()  # looked for again once installed (mkdocs serve lives on)
            raise SearchIndexError("the Pagefind binary is missing: pip install pagefind[extended]")
        self.process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        # the three pipes asked for above (Popen types them as possibly None)
        assert self.process.stdin and self.process.stdout and self.process.stderr
        self.stdin, self.stdout, self.stderr = self.process.stdin, self.process.stdout, self.process.stderr
        self.last_id = 0
        self.pending = b""
        self.errors: list[bytes] = []
        # Drained in the background so a chatty stderr cannot block the service.
        self.stderr_reader = threading.Thread(target=self.drain_stderr, daemon=True)
        self.stderr_reader.start()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def call(self, *payloads: dict) -> list[dict]:
        """Send every payload, then return the answers in the same order."""
        first = self.last_id + 1
        self.last_id += len(payloads)
        messages = [encode_message(first + i, p) for i, p in enumerate(payloads)]
        writer = threading.Thread(target=self.write_all, args=(messages,), daemon=True)
        writer.start()
        answers: dict[int | None, dict] = {}
        while len(answers) < len(payloads):
            message_id, payload = self.read_message()
            if payload.get("type") == "Error":
                raise SearchIndexError(f"Pagefind: {payload.get('message')}")
            answers[message_id] = payload
        writer.join()
        return [answers[first + i] for i in range(len(payloads))]

    def write_all(self, messages: list[bytes]) -> None:
        try:
            for message in messages:
                self.stdin.write(message)
            self.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the reader sees the service gone and says why

    def read_message(self) -> tuple[int | None, dict]:
        # Only fresh chunks are searched for the separator, so a 100 MB answer
        # (GetFiles of a large index) is read in linear time.
        parts = []
        while True:
            if not self.pending:
                self.pending = self.stdout.read1(1 << 20)  # type: ignore[attr-defined]  # a BufferedReader
                if not self.pending:
                    stderr = b"".join(self.errors).decode("utf-8", "replace").strip()
                    raise SearchIndexError(f"Pagefind stopped unexpectedly: {stderr or 'no message'}")
            head, comma, self.pending = self.pending.partition(b",")
            parts.append(head)
            if comma:
                break
        answer = json.loads(base64.b64decode(b"".join(parts)))
        return answer.get("message_id"), answer.get("payload") or {}

    def drain_stderr(self) -> None:
        for line in self.stderr:
            self.errors = (self.errors + [line])[-20:]

    def close(self) -> None:
        try:
            self.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def encode_message(message_id: int, payload: dict) -> bytes:
    request = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(request).encode("utf-8")) + b","
