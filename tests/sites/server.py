"""A small HTTP server on 127.0.0.1 whose answers the tests script, faults included."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serving_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """The thread that serves `server`. It checks for shutdown every 20 ms, not every
    500 ms (the default), as every test stops its servers."""
    server.daemon_threads = True
    return threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # Claim this many bytes but send the body and close: a download cut short.
    declared_length: int | None = None
    delay: float = 0.0  # seconds before answering: a slow site
    hold: threading.Event | None = None  # answer only once this is set: a site that hangs


class Site:
    """Routes by path. A list of replies is served in turn, the last one from then on.

    As real servers do, a page or feed (not a document) carries an ETag made from its
    body, and a request whose If-None-Match names it is answered 304 with no body;
    `validators = False` makes a server that ignores them."""

    def __init__(self):
        self.validators = True
        self.sent = 0  # bytes answered, headers and bodies: what a cycle costs the site
        self.routes: dict[str, deque[Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = serving_thread(self._server)
        self.serve(
            "/robots.txt", Reply(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def serve(self, path: str, *replies: Reply) -> None:
        self.routes[path] = deque(replies)

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def start(self) -> Site:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, path: str) -> Reply:
        replies = self.routes.get(path)
        if not replies:
            return Reply(404, "<html><body><h1>Not found</h1></body></html>")
        return replies.popleft() if len(replies) > 1 else replies[0]

    def _etag(self, reply: Reply, body: bytes) -> str | None:
        """The validator a real server would give this answer: pages and feeds only."""
        if not self.validators or reply.status != 200 or "pdf" in reply.content_type or reply.declared_length:
            return None
        return f'"{hashlib.sha1(body).hexdigest()[:16]}"'

    def _handler(site):  # noqa: N805 - the handler class closes over the site
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as separate writes: with Nagle on, each keep-alive
            # answer would wait ~40 ms for the client's delayed ACK.
            disable_nagle_algorithm = True

            def do_GET(self):
                site.requests.append((self.path, dict(self.headers)))
                reply = site._next(self.path)
                time.sleep(reply.delay)
                if reply.hold is not None:
                    reply.hold.wait(timeout=120)
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                tag = site._etag(reply, body)
                if tag and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.send_header("Content-Length", "0")
                    self._end(b"")
                    return
                self.send_response(reply.status)
                if tag:
                    self.send_header("ETag", tag)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(reply.declared_length or len(body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.declared_length:
                    self.send_header("Connection", "close")
                self._end(body)
                if reply.declared_length:
                    self.close_connection = True

            def _end(self, body: bytes) -> None:
                site.sent += sum(map(len, getattr(self, "_headers_buffer", []))) + len(body)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler
