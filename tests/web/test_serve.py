"""`undocs serve` as a process: it starts, answers, stops cleanly on Ctrl-C, reports a
busy port in one line; the other commands never load the web stack."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import urllib.request

from click.testing import CliRunner

from undocs.web.command import main, serve_command

SCRIPT = ("import sys; from undocs.web.command import main; "
          "sys.argv = ['undocs', *sys.argv[1:]]; main()")


def undocs(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-c", SCRIPT, *map(str, args)],
                            stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            **kwargs)


def test_serve_answers_and_stops_cleanly_on_ctrl_c(full_index):
    server = undocs("serve", "--index", full_index[0], "--port", "0", "--quiet")
    try:
        first = server.stderr.readline()
        port = int(re.search(r"at http://127\.0\.0\.1:(\d+)/ \(Ctrl-C stops\)", first).group(1))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=30) as reply:
            assert json.load(reply)["total_paragraphs"] == 4687
        server.send_signal(signal.SIGINT)
        _, rest = server.communicate(timeout=30)
    finally:
        server.kill()
    assert server.returncode == 0
    assert rest.strip().endswith("undocs: stopped") and "Traceback" not in rest


def test_a_busy_port_is_one_line(full_index):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = undocs("serve", "--index", full_index[0], "--port", port)
        _, stderr = server.communicate(timeout=60)
    assert server.returncode == 2
    assert stderr == f"undocs: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_connections_send_at_once():
    """Nagle off on every accepted connection (a kept-alive client would otherwise
    wait for the delayed ACK, ~40 ms, before each response body)."""
    from undocs.web.server import bind

    sock = bind("127.0.0.1", 0)
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        sock.close()


def test_a_folder_that_is_no_index_is_one_line(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(serve_command, ["--index", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == f"undocs: {tmp_path}: not an undocs index (and not empty)\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_other_commands_never_import_the_web_stack():
    code = ("import sys; import undocs.web.command; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'starlette', 'jinja2', 'uvicorn', 'undocs.web.app'}))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=60)
    assert shown.stdout.strip() == "[]", shown.stderr
    assert callable(main)
    listed = subprocess.run([sys.executable, "-c", SCRIPT, "--help"], capture_output=True,
                            text=True, timeout=60)
    assert re.search(r"^  serve\s+The search page and HTTP API", listed.stdout, re.M)


def test_on_loopback_only_this_machines_names_are_answered(full_index):
    from starlette.testclient import TestClient

    from undocs.web.app import create_app
    from undocs.web.server import allowed_hosts

    app = create_app(full_index[0], allowed_hosts=allowed_hosts("127.0.0.1"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/stats").status_code == 200
        assert client.get("/api/stats", headers={"Host": "localhost:8000"}).status_code == 200
        rebound = client.get("/api/stats", headers={"Host": "attacker.example:8000"})
        assert rebound.status_code == 400 and "total_paragraphs" not in rebound.text
    assert allowed_hosts("0.0.0.0") is None  # shared on purpose: every name
