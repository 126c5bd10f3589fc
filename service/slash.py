"""`/ofsted` in Slack, answered inside `serve` over Socket Mode (slack_sdk's own client).

The app-level token comes from SLACK_APP_TOKEN alone, never the config file; without it
nothing starts. The connection is Slack's to the service's outbound WebSocket, so no port
is opened to the internet. It runs in its own thread with its own connections to the
store: a cycle never waits for it, nor it for a cycle. Each command is answered in turn
(one worker), the answer built from the store and sent as the acknowledgement itself, as
Socket Mode allows, well within Slack's three seconds. Only the configured workspace
(`[slack] team_id`) is answered. A lost connection is opened again at once, and while
that fails, with back-off: said once in the log when it fails and once when back.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from alerts.answers import Answer, Answers
from config import Config
from storage import Store
from storage.store import utcnow

logger = logging.getLogger(__name__)
APP_TOKEN = "SLACK_APP_TOKEN"
# Seconds between attempts to connect, growing to the last while Slack cannot be reached.
BACKOFF = (1.0, 2.0, 5.0, 15.0, 30.0, 60.0)
# How often the connection is looked at, to open it again when lost.
LOOK_EVERY = 1.0
SLASH_COMMANDS = "slash_commands"
UNANSWERED = Answer(
    "Sorry: the answer could not be built; the service's log says why.",
    [{"type": "section", "text": {"type": "plain_text", "text": "Sorry: the answer could not be built."}}],
)


def off_reason(config: Config) -> str | None:
    """Why `/ofsted` is off, or None when it can run."""
    if not os.environ.get(APP_TOKEN):
        return f"{APP_TOKEN} is not set"
    if not config.slack.team_id:
        return f"{APP_TOKEN} is set but [slack] team_id is not, so no workspace would be answered"
    return None


def allowed_socket(url: str, api_url: str) -> bool:
    """Whether the address Slack gave to connect to passes the origin check: wss on a
    slack.com host, or the configured Web API's own host (a proxy, or a local stand-in)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "wss" and (host == "slack.com" or host.endswith(".slack.com")):
        return True
    return parts.scheme in ("ws", "wss") and host == urlsplit(api_url).hostname


class _Client(SocketModeClient):
    """slack_sdk's client, its connection address checked before it is used."""

    def __init__(self, token: str, allowed: Callable[[str], bool], **options):
        self.allowed = allowed
        super().__init__(token, **options)

    def issue_new_wss_url(self) -> str:
        url = super().issue_new_wss_url()
        if not self.allowed(url):
            raise ConnectionError(f"Slack gave a connection address on no allowed host: {url[:100]!r}")
        return url


class SlashCommands:
    def __init__(self, config: Config, token: str, store: Store | None = None):
        self.config = config
        self.team = config.slack.team_id
        self.store = store or Store(config.database_url, migrate=False, create=False)
        self.answers = Answers(config, self.store)
        self.stopping = threading.Event()
        self._error: Exception | None = None  # the connection's last error, as the library gave it
        # Since when Slack could not be reached (UTC), while it cannot: for /metrics and /healthz.
        self.down_since: datetime | None = None
        api_url = str(config.slack.api_url)
        # The library's own log says each failed attempt; this module says it once.
        quiet = logging.getLogger(f"{__name__}.sdk")
        quiet.setLevel(logging.CRITICAL)
        self.client = _Client(
            token,
            lambda url: allowed_socket(url, api_url),
            web_client=WebClient(base_url=api_url, timeout=int(config.slack.timeout)),
            auto_reconnect_enabled=False,  # reconnected here, with back-off
            concurrency=1,  # a burst of commands is answered in turn
            logger=quiet,
            on_error_listeners=[self._failed],
        )
        self.client.socket_mode_request_listeners.append(self._on_request)
        self._thread = threading.Thread(target=self._run, name="slash-commands", daemon=True)

    def start(self) -> SlashCommands:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._thread.join(LOOK_EVERY * 5)
        self.client.close()
        self.store.close()

    def _run(self) -> None:
        """Keep the connection open: a lost one is opened again at once (Slack's own
        refresh is the library's, and this finds it open again), and while that fails,
        again after each back-off. An outage is said once, and its end once."""
        attempts = 0
        starting = True
        while not self.stopping.is_set():
            failure = None if self.client.is_connected() else self._connect()
            if failure is not None:
                if not attempts:
                    self.down_since = utcnow()
                    logger.warning("/ofsted: cannot connect to Slack (%s); retrying with back-off", failure)
                self.stopping.wait(BACKOFF[min(attempts, len(BACKOFF) - 1)])
                attempts += 1
                continue
            if starting or attempts:
                logger.info("/ofsted: connected to Slack over Socket Mode, answering team %s", self.team)
            starting, attempts, self._error, self.down_since = False, 0, None, None
            self.stopping.wait(LOOK_EVERY)

    def _connect(self) -> Exception | str | None:
        """Open a connection; why it failed, or None."""
        try:
            self.client.connect_to_new_endpoint()
        except Exception as exc:  # noqa: BLE001 - any failure to connect is retried
            return exc
        # The library tells a WebSocket that would not open only to its error listeners:
        # not connected now is a failure like any other.
        return None if self.client.is_connected() else self._error or "the WebSocket did not open"

    def _failed(self, error: Exception) -> None:
        self._error = error

    def _on_request(self, client: BaseSocketModeClient, request: SocketModeRequest) -> None:
        payload = request.payload or {}
        answer = None
        if request.type != SLASH_COMMANDS:
            pass  # acknowledged, as every envelope must be, and left
        elif payload.get("team_id") != self.team:
            logger.warning("/ofsted: a command from another workspace was not answered")
        else:
            try:
                answer = self.answers.answer(str(payload.get("text") or ""))
            except Exception:
                logger.exception("/ofsted: the answer could not be built")
                answer = UNANSWERED
        response = SocketModeResponse(request.envelope_id, answer.payload() if answer else None)
        client.send_socket_mode_response(response)


def start(config: Config) -> SlashCommands | None:
    """`/ofsted`'s thread, started, when it can run; None, said in the log, when not."""
    if reason := off_reason(config):
        log = logger.error if os.environ.get(APP_TOKEN) else logger.info
        log("/ofsted is off: %s", reason)
        return None
    return SlashCommands(config, os.environ[APP_TOKEN]).start()
