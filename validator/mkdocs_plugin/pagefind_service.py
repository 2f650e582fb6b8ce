"""Pagefind's indexer fed page by page while the build renders (its `--service` mode), then told to write the index.

Run on the finished site, the indexer adds ~10 ms a page to the build (its CLI: ~40 % of a Pagefind build at 10 000
guides) while the build's Python process leaves the second core idle. Fed each page as it is put out, it reads and
segments the pages on that core meanwhile; what is left after the build is writing the index, which is also when its
memory peaks, and that runs after the build has given the pages' memory back (memory.py), as the CLI did.

The protocol, each way: a JSON message, base64-encoded, then a comma. A message carries an id that its answer
repeats. The service answers every page (`IndexedFile` or `Error`); the index is written only once every page is
answered. A reader thread takes the answers as they come, so the service never waits on a full pipe; its stderr goes
to a temporary file (its notes, its panics) and is shown when something fails. The pages it gets are the indexed
part of each (site/pagefind.py `indexed_part`), as the CLI got them: the same fragments (checked at 3 000 guides),
and an index that lists the pages in the order they came (deterministic: the order mkdocs puts them out).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

_TIMEOUT_SECONDS = 3600
_GRACE_SECONDS = 1.0
_LONGEST_ANSWER = 1 << 20
_SHOWN_ERRORS = 5


class IndexerError(Exception):
    """The indexer failed: its message, in Chinese, with what the service said."""


class Indexer:
    def __init__(self, binary: Path) -> None:
        self.stderr: IO[bytes] = tempfile.TemporaryFile()
        self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.stderr)
        self.asked: set[int] = set()  # the messages that are not pages, whose answers are waited for
        self.answers: dict[int, dict[str, Any]] = {}  # by message id: their answers not yet taken
        self.sent = 0  # message ids given
        self.pages = 0  # pages sent
        self.answered = 0  # pages answered
        self.errors: list[str] = []  # what the service said of pages it could not index
        self.ended = False  # its stdout closed (it exited), or it wrote what is not an answer
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, name="pagefind-answers", daemon=True)
        self.reader.start()
        try:
            self.index_id = self._ask({"type": "NewIndex", "config": {"force_language": "zh"}})["index_id"]
        except IndexerError:
            self.close()
            raise

    def add(self, name: str, html: str) -> None:
        """Index `html`, the page whose file in the site is `name` (its address follows from it)."""
        self._send({"type": "AddFile", "index_id": self.index_id, "file_path": name, "url": None, "file_contents": html})
        self.pages += 1

    def write(self, output: Path) -> int:
        """Write the index into `output` once every page is indexed; the number of pages indexed."""
        with self.changed:
            if not self.changed.wait_for(lambda: self.answered == self.pages or self.ended, _TIMEOUT_SECONDS):
                raise self._failed(f"{_TIMEOUT_SECONDS} 秒内没有读完页面")
        if self.answered < self.pages and not self.errors:
            raise self._failed("意外退出")
        if self.errors:
            raise self._failed(f"有 {len(self.errors)} 个页面没能编入索引：" + "；".join(self.errors[:_SHOWN_ERRORS]))
        self._ask({"type": "WriteFiles", "index_id": self.index_id, "output_path": str(output)})
        self._wait_for_files(output)
        return self.pages

    def close(self) -> None:
        """End the service (it exits when its input closes; one that does not is killed) and its files."""
        try:
            if self.process.stdin is not None:
                self.process.stdin.close()
        except OSError:
            pass  # it exited already: the pipe is broken
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=10)
        self.stderr.close()

    def _wait_for_files(self, output: Path) -> None:
        """Wait until the service has closed every file it wrote. It answers WriteFiles once each file's last bytes
        are handed to a thread of its own (tokio's File, never flushed), and it exits the moment its input closes,
        cutting off a write still under way: seen under load, an empty `wasm.unknown.pagefind`. Its open files are
        listed in /proc (Linux); elsewhere a short wait has to do."""
        descriptors = Path(f"/proc/{self.process.pid}/fd")
        if not descriptors.is_dir():
            time.sleep(_GRACE_SECONDS)
            return
        folder = os.path.realpath(output) + os.sep
        deadline = time.monotonic() + _TIMEOUT_SECONDS
        while time.monotonic() < deadline and any(_target(fd).startswith(folder) for fd in descriptors.iterdir()):
            time.sleep(0.005)

    def _send(self, payload: dict[str, Any]) -> None:
        """Send a message now (flushed: the service reads a page while this process goes on)."""
        self.sent += 1
        message = base64.b64encode(json.dumps({"message_id": self.sent, "payload": payload}).encode()) + b","
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(message)
            self.process.stdin.flush()
        except OSError:  # it exited: what it said is in its stderr
            raise self._failed("意外退出") from None

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send a message that is not a page and wait for its answer."""
        asked = self.sent + 1
        self.asked.add(asked)  # before it is sent: the reader may take its answer first
        self._send(payload)
        with self.changed:
            if not self.changed.wait_for(lambda: asked in self.answers or self.ended, _TIMEOUT_SECONDS):
                raise self._failed(f"{_TIMEOUT_SECONDS} 秒内没有回应")
            answer = self.answers.pop(asked, None)
        if answer is None:
            raise self._failed("意外退出")
        if answer.get("type") == "Error":
            raise self._failed(str(answer.get("message", "")))
        return answer

    def _read(self) -> None:
        try:
            for answer in self._answers():
                self._take(answer)
        except ValueError as error:  # it wrote what is not an answer: nothing more is waited for
            self.errors.append(str(error))
        finally:
            with self.changed:
                self.ended = True
                self.changed.notify_all()

    def _answers(self) -> Iterator[dict[str, Any]]:
        assert self.process.stdout is not None
        pending = b""
        while chunk := self.process.stdout.read1(1 << 16):
            *messages, pending = (pending + chunk).split(b",")
            if len(pending) > _LONGEST_ANSWER:  # its answers are short: this is not one
                messages, pending = [*messages, pending], b""
            for message in messages:
                try:
                    answer = json.loads(base64.b64decode(message, validate=True))
                except ValueError:
                    answer = None
                if not isinstance(answer, dict):
                    raise ValueError(f"无法读懂的输出「{message[:200].decode('utf-8', 'replace')}」")
                yield answer

    def _take(self, answer: dict[str, Any]) -> None:
        payload, asked = answer.get("payload"), answer.get("message_id")
        if not isinstance(payload, dict):
            payload = {"type": "Error", "message": f"无法读懂的回应「{str(answer)[:200]}」"}
        with self.changed:
            if asked in self.asked:
                self.answers[asked] = payload
            else:  # a page's (or one the service could not read: no id)
                self.answered += 1
                if payload.get("type") == "Error":
                    self.errors.append(str(payload.get("message", "")))
            self.changed.notify_all()

    def _failed(self, what: str) -> IndexerError:
        self.stderr.seek(0)
        said = self.stderr.read()[-4000:].decode("utf-8", "replace").strip()
        return IndexerError(f"Pagefind {what}" + (f"：\n{said}" if said else "。"))


def _target(descriptor: Path) -> str:
    """The file an open descriptor of another process stands for ("" once it is closed)."""
    try:
        return os.readlink(descriptor)
    except OSError:
        return ""
