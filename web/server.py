"""Serving the web pages: uvicorn, with one process or several workers.

Several workers share one listening socket that uvicorn binds before it starts them. It
binds that socket without naming TCP, so asyncio leaves Nagle's algorithm on for every
connection, and each keep-alive request after the first waits about 40 ms for the
client's delayed ACK (uvicorn issue 3149); the socket here is bound as TCP.
"""

from __future__ import annotations

import functools
import socket
from pathlib import Path

import uvicorn
from uvicorn.supervisors import Multiprocess

from config import Config
from web.app import create_app, from_file


class _TcpConfig(uvicorn.Config):
    def bind_socket(self) -> socket.socket:
        bound = super().bind_socket()
        if bound.family not in (socket.AF_INET, socket.AF_INET6):
            return bound
        return socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())


def serve(config: Config, config_file: str | None) -> None:
    """Serve until stopped."""
    if config.web.workers == 1:
        uvicorn.Server(_settings(create_app(config), config)).run()
        return
    # Each worker process builds the app itself, from the same config file: the factory
    # and its argument travel to the worker, which imports the app itself.
    path = str(Path(config_file).resolve()) if config_file else None
    settings = _settings(functools.partial(from_file, path), config, factory=True, workers=config.web.workers)
    Multiprocess(settings, sockets=[settings.bind_socket()]).run()


def _settings(app, config: Config, *, factory: bool = False, workers: int = 1) -> _TcpConfig:
    # The log stays ours (log_config=None): one line per event, redacted.
    return _TcpConfig(
        app,
        host=config.web.host,
        port=config.web.port,
        log_config=None,
        proxy_headers=True,
        factory=factory,
        workers=workers,
    )
