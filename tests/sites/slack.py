"""A local stand-in for the Slack Web API, driven by the real slack_sdk client in tests.

Serves auth.test, chat.postMessage, chat.update, conversations.history, conversations.replies,
conversations.list, conversations.info and chat.getPermalink, keeps what was posted (and edited), and injects scripted faults into chat.postMessage.
apps.connections.open hands out `socket_url` (the Socket Mode stand-in's, tests/sites/socket_mode.py)
to the app-level token, and answers `open_faults` errors first.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from tests.sites.server import serving_thread
from tests.sites.socket_mode import APP_TOKEN

TOKEN = "xoxb-test-token-0000"
# Faults for the next chat.postMessage calls, in order:
#   "429" rate limited (Retry-After: 1), "500" server error, "invalid_auth",
#   "drop" accept and keep the message, then close the connection without answering;
#   "hang" take the request, set `hung`, wait for `unhang`, then close the connection
#   without keeping the message (as a post lost with a client killed meanwhile).
FAULTS = ("429", "500", "invalid_auth", "drop", "hang")


class SlackStandIn:
    def __init__(self):
        self.messages: list[dict] = []
        self.edits: list[dict] = []  # each chat.update, as asked
        self.post_delay = 0.0  # seconds each chat.postMessage takes: widens races
        self.on_post: Callable[[dict], None] | None = None  # called with each message kept
        self.calls: list[tuple[str, dict]] = []
        self.faults: deque[str] = deque()
        self.update_faults = 0  # how many of the next chat.update calls answer HTTP 500
        self.channel_ids: dict[str, str] = {}
        self.hung = threading.Event()  # a "hang" fault holds a post
        self.unhang = threading.Event()  # lets it go
        self.outside: set[str] = set()  # channel ids the bot is not a member of
        self.socket_url: str | None = None  # where apps.connections.open sends the client
        self.open_faults = 0  # how many of the next apps.connections.open calls fail
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = serving_thread(self._server)

    @property
    def api_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/api/"

    def start(self) -> SlackStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.unhang.set()
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, *faults: str) -> None:
        assert all(f in FAULTS for f in faults), faults
        self.faults.extend(faults)

    def top_level(self) -> list[dict]:
        return [m for m in self.messages if m.get("thread_ts") in (None, m["ts"])]

    def posts_attempted(self) -> int:
        return sum(1 for method, _ in self.calls if method == "chat.postMessage")

    def channel_id(self, name: str) -> str:
        if name.startswith(("C", "G", "D")) and not name.startswith("#"):
            return name
        return self.channel_ids.setdefault(name, f"C{len(self.channel_ids) + 1:08d}")

    # Web API methods

    def _post_message(self, args: dict, headers) -> tuple[int, dict, dict] | None:
        fault = self.faults.popleft() if self.faults else None
        if fault == "429":
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
        if fault == "500":
            return 500, {"ok": False, "error": "internal_error"}, {}
        if fault == "hang":
            self.hung.set()
            self.unhang.wait(timeout=120)
            return None
        if fault == "invalid_auth" or headers.get("Authorization") != f"Bearer {TOKEN}":
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        if not args.get("text"):
            return 200, {"ok": False, "error": "no_text"}, {}
        time.sleep(self.post_delay)
        with self._lock:
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            message = {**args, "ts": ts, "channel": self.channel_id(args["channel"])}
            self.messages.append(message)
        if self.on_post:
            self.on_post(message)
        if fault == "drop":
            return None
        return (
            200,
            {
                "ok": True,
                "channel": message["channel"],
                "ts": ts,
                "message": {"text": args["text"], "ts": ts},
            },
            {},
        )

    def _update(self, args: dict, headers) -> dict:
        if headers.get("Authorization") != f"Bearer {TOKEN}":
            return {"ok": False, "error": "invalid_auth"}
        with self._lock:
            found = [
                m for m in self.messages if m["channel"] == args.get("channel") and m["ts"] == args.get("ts")
            ]
            if not found:
                return {"ok": False, "error": "message_not_found"}
            self.edits.append(dict(args))
            found[0].update({k: v for k, v in args.items() if k in ("text", "blocks", "metadata")})
        return {"ok": True, "channel": args["channel"], "ts": args["ts"], "text": args.get("text")}

    def _history(self, args: dict, replies: bool) -> dict:
        if "channel" not in args or args["channel"].startswith("#"):
            return {"ok": False, "error": "channel_not_found"}
        oldest = float(args.get("oldest") or 0)
        found = [m for m in self.messages if m["channel"] == args["channel"] and float(m["ts"]) >= oldest]
        if replies:
            found = [m for m in found if args.get("ts") in (m["ts"], m.get("thread_ts"))]
        else:
            found = [m for m in found if m.get("thread_ts") in (None, m["ts"])]
        with_metadata = str(args.get("include_all_metadata")).lower() in ("1", "true")
        shown = [
            {k: v for k, v in m.items() if k != "metadata" or with_metadata}
            for m in sorted(found, key=lambda m: m["ts"], reverse=not replies)
        ]
        return {"ok": True, "messages": shown, "has_more": False}

    def _handler(standin):  # noqa: N805 - the handler class closes over the stand-in
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as separate writes: with Nagle on, each keep-alive
            # answer would wait ~40 ms for the client's delayed ACK.
            disable_nagle_algorithm = True

            def do_POST(self):
                method = urlsplit(self.path).path.rsplit("/", 1)[-1]
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = dict(parse_qsl(raw))
                args.update(dict(parse_qsl(urlsplit(self.path).query)))
                standin.calls.append((method, args))
                if method == "chat.postMessage":
                    answer = standin._post_message(args, self.headers)
                    if answer is None:  # the connection drops without an answer
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                    status, body, headers = answer
                elif method == "chat.update" and standin.update_faults:
                    standin.update_faults -= 1
                    status, body, headers = 500, {"ok": False, "error": "internal_error"}, {}
                elif method == "chat.update":
                    status, body, headers = 200, standin._update(args, self.headers), {}
                elif method in ("conversations.history", "conversations.replies"):
                    status, body, headers = 200, standin._history(args, method.endswith("replies")), {}
                elif method == "conversations.list":
                    channels = [
                        {"id": cid, "name": name.lstrip("#")} for name, cid in standin.channel_ids.items()
                    ]
                    status, body, headers = 200, {"ok": True, "channels": channels}, {}
                elif method == "chat.getPermalink":
                    ts = args.get("message_ts", "")
                    link = f"https://standin.slack.com/archives/{args.get('channel')}/p{ts.replace('.', '')}"
                    status, body, headers = 200, {"ok": True, "permalink": link}, {}
                elif method == "apps.connections.open":
                    status, headers = 200, {}
                    if self.headers.get("Authorization") != f"Bearer {APP_TOKEN}":
                        body = {"ok": False, "error": "invalid_auth"}
                    elif standin.open_faults or not standin.socket_url:
                        standin.open_faults = max(0, standin.open_faults - 1)
                        body = {"ok": False, "error": "internal_error"}
                    else:
                        body = {"ok": True, "url": standin.socket_url}
                elif method == "auth.test":
                    if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                        status, body, headers = 200, {"ok": False, "error": "invalid_auth"}, {}
                    else:
                        status, body, headers = 200, {"ok": True, "user_id": "UBOT", "team": "test"}, {}
                elif method == "conversations.info":
                    known = args.get("channel") in standin.channel_ids.values()
                    channel = {
                        "id": args.get("channel"),
                        "is_member": args.get("channel") not in standin.outside,
                    }
                    body = (
                        {"ok": True, "channel": channel}
                        if known
                        else {"ok": False, "error": "channel_not_found"}
                    )
                    status, headers = 200, {}
                else:
                    status, body, headers = 404, {"ok": False, "error": "unknown_method"}, {}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        return Handler
