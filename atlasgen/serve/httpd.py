"""The preview's HTTP side: the stdlib's ThreadingHTTPServer wired to `preview.respond()`
(what a URL answers) and to the Server-Sent Events that reload open tabs."""

from __future__ import annotations

import errno
import http.server
import socket
import socketserver
import sys
from contextlib import suppress
from typing import Any, Protocol
from urllib.parse import urlsplit

from ..core.errors import UsageError
from .preview import EVENTS, Preview, Reply, event_message, respond

KEEPALIVE = 15.0  #: seconds between comments on an idle event stream


class Report(Protocol):
    """Where the terminal lines go; `error` lines are the build's problems."""

    def __call__(self, text: str, error: bool = False) -> None: ...


class _Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # many tabs and assets at once

    def __init__(self, address: tuple[str, int], preview: Preview, report: Report) -> None:
        self.preview, self.report = preview, report
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self) -> None:  # without HTTPServer's reverse DNS lookup
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        problem = sys.exc_info()[1]
        if not isinstance(problem, OSError):  # a tab that closed its connection is no news
            self.report(f"Internal error answering {client_address}: {problem!r}", error=True)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    server_version = "atlasgen-serve"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        url = urlsplit(self.path)
        try:
            if url.path == EVENTS and body:
                self._stream_events()
                return
            reply = respond(self.server.preview, url.path, url.query)
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception as exc:  # a bug: answer 500 and say so, keep serving
            self.server.report(f"Internal error serving {url.path}: {exc!r}", error=True)
            reply = Reply(500, b"Internal error; see the terminal\n")
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if reply.location:
            self.send_header("Location", reply.location)
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):
            if body:
                self.wfile.write(reply.body)

    def _stream_events(self) -> None:
        preview = self.server.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        snap = preview.snapshot()
        self.wfile.write(b"retry: 1000\n\n" + event_message("hello", snap))
        with preview.listening():
            while (latest := preview.wait(snap.state, KEEPALIVE)) is not None:
                if latest.state == snap.state:
                    self.wfile.write(b": keep-alive\n\n")  # also finds closed tabs
                    continue
                snap = latest
                if snap.quiet and not snap.errors:  # the tab shows this build's pages already
                    continue
                self.wfile.write(event_message("build-error" if snap.errors else "reload", snap))

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not every request


def open_server(host: str, port: int, preview: Preview, report: Report) -> _Server:
    """Bind now, before the first build, so that a taken port is said at once."""
    try:
        return _Server((host, port), preview, report)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        raise UsageError(
            f"port {port} on {host} is in use (another atlasgen serve?);"
            f" try --port {free_port(host, port)}"
        ) from None


def free_port(host: str, after: int) -> int:
    """A port that is free now: the first of the next twenty, else any the system offers."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for port in [*range(after + 1, min(after + 21, 65536)), 0]:
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    return 0
