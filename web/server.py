"""Running the application: uvicorn on a socket bound here, so that a port in use is
one line, not a log trace; Ctrl-C stops it cleanly (uvicorn finishes open requests)."""

from __future__ import annotations

import socket
import threading
import webbrowser
from pathlib import Path

import click
import uvicorn

from undocs.search.cli.options import CommandError
from undocs.web.app import create_app


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (IPv6 for an address with a colon)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # inherited by every accepted connection: uvicorn serving a socket it was handed
    # leaves Nagle on, and a keep-alive client then waits ~40 ms for each response body
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        raise CommandError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    sock.listen(128)
    return sock


LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]


def allowed_hosts(host: str) -> list[str] | None:
    """On a loopback address, only requests naming this machine are answered, so that a
    web page elsewhere cannot read the API through a name it points here (DNS
    rebinding); on a shared address, any name the network uses."""
    if host in LOOPBACK_NAMES or host.startswith("127."):
        return sorted({*LOOPBACK_NAMES, host})
    return None


def serve(index_dir: Path, *, host: str = "127.0.0.1", port: int = 8000,
          open_browser: bool = False, quiet: bool = False) -> int:
    """Serve until interrupted; the exit status."""
    sock = bind(host, port)
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    app = create_app(index_dir, allowed_hosts=allowed_hosts(host))
    config = uvicorn.Config(app, log_level="warning" if quiet else "info",
                            access_log=not quiet, server_header=False)
    server = uvicorn.Server(config)
    click.echo(f"undocs: serving {index_dir} at {url} (Ctrl-C stops)", err=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn has shut down cleanly, then raised the Ctrl-C again for us
    finally:
        sock.close()
        app.state.searchers.close()
    click.echo("undocs: stopped", err=True)
    return 0
