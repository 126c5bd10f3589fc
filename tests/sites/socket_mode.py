"""A local stand-in for Slack's Socket Mode, beside the Web API stand-in (tests/sites/slack.py):
a WebSocket server (aiohttp's) that speaks Socket Mode's envelopes to slack_sdk's own client.

On each connection it says `hello`; `command` sends a `slash_commands` envelope and keeps
the acknowledgement the client sends back for it; `disconnect` asks the client to
reconnect, as Slack does before it refreshes a connection; `drop` closes the socket
without a word, as a lost network does. The Web API stand-in's `apps.connections.open`
hands out this server's address.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections.abc import Coroutine
from typing import Any

from aiohttp import WSMsgType, web

APP_TOKEN = "xapp-1-test-token-0000"
TEAM = "T0TESTTEAM"


class SocketModeStandIn:
    def __init__(self):
        self.acks: dict[str, dict] = {}  # envelope id to the acknowledgement's payload
        self.acked = threading.Condition()
        self.connections = 0  # how many the client has opened
        self.connected = threading.Condition()
        self._socket: web.WebSocketResponse | None = None
        self._ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=test"

    def start(self) -> SocketModeStandIn:
        self._thread.start()
        self._call(self._serve())
        return self

    def stop(self) -> None:
        if self._runner is not None:
            self._call(self._runner.cleanup())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _call(self, work: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(10)

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_get("/link/", self._link)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._socket = socket
        await socket.send_str(
            json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0TEST"}})
        )
        with self.connected:
            self.connections += 1
            self.connected.notify_all()
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                said = json.loads(message.data)
                with self.acked:
                    self.acks[said["envelope_id"]] = said.get("payload") or {}
                    self.acked.notify_all()
        return socket

    def wait_connections(self, count: int, timeout: float = 30) -> None:
        with self.connected:
            if not self.connected.wait_for(lambda: self.connections >= count, timeout):
                raise TimeoutError(f"the client did not open connection {count}")

    def command(self, text: str, *, team: str = TEAM) -> str:
        """Send `/ofsted <text>` as Slack does, from a person in `team`; its envelope id."""
        envelope = f"envelope-{next(self._ids)}"
        payload = {
            "team_id": team,
            "team_domain": "council",
            "channel_id": "C0GENERAL",
            "user_id": "U0ASKER",
            "command": "/ofsted",
            "text": text,
            "api_app_id": "A0TEST",
            "response_url": "https://hooks.slack.com/commands/T0TESTTEAM/1/x",
            "trigger_id": "1.2.x",
        }
        message = {
            "envelope_id": envelope,
            "type": "slash_commands",
            "payload": payload,
            "accepts_response_payload": True,
        }
        self._send(json.dumps(message))
        return envelope

    def ack(self, envelope: str, timeout: float = 30) -> dict:
        """The acknowledgement's payload, once the client sends it."""
        with self.acked:
            if not self.acked.wait_for(lambda: envelope in self.acks, timeout):
                raise TimeoutError(f"no acknowledgement of {envelope}")
            return self.acks[envelope]

    def disconnect(self) -> None:
        """Ask the client to reconnect, as Slack does before refreshing a connection."""
        self._send(json.dumps({"type": "disconnect", "reason": "refresh_requested"}))

    def drop(self) -> None:
        """Close the connection without a word."""
        if self._socket is not None:
            self._call(self._socket.close())

    def _send(self, text: str) -> None:
        if self._socket is None:
            raise RuntimeError("no client is connected")
        self._call(self._socket.send_str(text))
