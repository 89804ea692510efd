"""`undocs serve` under load: page and API latency beside `Searcher` in-process, throughput.

Run from the repository root: ``.venv/bin/python benchmarks/web.py [--mb 19] [--index DIR]
[--queries 40] [--seconds 60] [--clients 1,8,32]``.

A corpus is generated from the real paragraphs of ``corpus/`` (``benchmarks/corpusgen.py``;
``--mb 19`` gives about 100k paragraphs) and indexed, or ``--index DIR`` is reused (as in
``benchmarks/query.py``). Queries are that benchmark's classes (Chinese and other words,
quoted phrases, ``lang:`` and ``symbol:`` filters), ``--queries`` of each. One run prints:

* in-process: ``Searcher.search(q, limit=10)`` warm p50/p95 (the reference), and the same
  plus ``facet_counts`` (what the page adds to a search);
* the server, ``undocs serve`` as its own process on a free loopback port, one client,
  keep-alive: the search page ``/?query=…`` and ``/api/search?query=…``, each as the
  server's own time (its ``Server-Timing`` header) and as the client's round trip, p50/p95,
  and the page's p95 against the aim (2× the in-process p95 + 10 ms);
* throughput of the page and of the API with 1, 8 and 32 concurrent clients, each for
  ``--seconds`` (and at most ``--max-requests`` requests per level): requests/s, failed
  requests (any status but 200, or a broken connection), round-trip p95; and the server's
  resident memory (``/proc/PID/status`` VmRSS) before and after each level.

Every request goes to 127.0.0.1; the server is stopped at the end (also on Ctrl-C).
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import corpusgen
import query as querybench

ROOT = Path(__file__).resolve().parent.parent
AIM_FACTOR, AIM_EXTRA_MS = 2.0, 10.0
_SERVING_RE = re.compile(r"at http://127\.0\.0\.1:(\d+)/")
_TIMING_RE = re.compile(r"app;dur=([\d.]+)")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(index_dir: Path) -> tuple[subprocess.Popen, int]:
    command = [sys.executable, "-c", "import sys; from undocs.web.command import main; "
               "sys.argv = ['undocs', *sys.argv[1:]]; main()",
               "serve", "--index", str(index_dir), "--port", "0", "--quiet"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                              text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = server.stderr.readline()
        match = _SERVING_RE.search(line)
        if match:
            threading.Thread(target=server.stderr.read, daemon=True).start()  # drain
            return server, int(match.group(1))
        if not line and server.poll() is not None:
            break
    server.kill()
    raise SystemExit("the server did not start")


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, float | None]:
    """(status, server-side ms) of one GET on a kept-alive connection."""
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    timing = _TIMING_RE.search(response.getheader("Server-Timing") or "")
    return response.status, float(timing.group(1)) if timing else None


def page_path(q: str) -> str:
    return "/?query=" + quote(q)


def api_path(q: str) -> str:
    return "/api/search?query=" + quote(q)


def latency(port: int, paths: list[str]) -> tuple[list[float], list[float], int]:
    """(server ms, round-trip ms, failures) of each path in turn, one connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    server_ms, round_ms, failed = [], [], 0
    for path in paths:
        start = time.perf_counter()
        status, spent = get(connection, path)
        round_ms.append((time.perf_counter() - start) * 1000)
        failed += status != 200
        if spent is not None:
            server_ms.append(spent)
    connection.close()
    return server_ms, round_ms, failed


def load(port: int, paths: list[str], clients: int, seconds: float, max_requests: int):
    """`clients` threads, each its own connection, cycling through `paths` until the
    time or the request budget is spent: (requests, failures, round-trip ms, seconds)."""
    lock = threading.Lock()
    done, failed, times = [0], [0], []
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = offset
        while time.monotonic() < stop_at:
            with lock:
                if done[0] >= max_requests:
                    break
                done[0] += 1
            start = time.perf_counter()
            try:
                status, _ = get(connection, paths[i % len(paths)])
                ok = status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                times.append(elapsed)
                failed[0] += not ok
            i += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n * 7,), daemon=True)
               for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], failed[0], times, time.perf_counter() - start


def in_process(index_dir: Path, queries: list[str]) -> tuple[list[float], list[float]]:
    from undocs.search import Searcher
    from undocs.search.facets import facet_counts

    with Searcher(index_dir) as searcher:
        for q in queries:  # warm-up, as the server's first requests warm it
            searcher.search(q, limit=10)
            facet_counts(searcher, q)
        plain, faceted = [], []
        for q in queries:
            start = time.perf_counter()
            searcher.search(q, limit=10)
            plain.append((time.perf_counter() - start) * 1000)
            facet_counts(searcher, q)
            faceted.append((time.perf_counter() - start) * 1000)
    return plain, faceted


def cells(values: list[float]) -> list[str]:
    return querybench.p50_p95([v / 1000 for v in values])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=19.0, help="MB of text (19: ~100k paragraphs)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--index", type=Path, default=None,
                        help="index folder: reused if it holds an index, else built and kept")
    parser.add_argument("--queries", type=int, default=40, help="queries per class")
    parser.add_argument("--seconds", type=float, default=60.0, help="per load level")
    parser.add_argument("--max-requests", type=int, default=100_000, help="per load level")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients per level")
    args = parser.parse_args()

    from undocs.indexer.location import index_exists

    tmp = Path(tempfile.mkdtemp(prefix="undocs-web-bench-"))
    server = None
    try:
        index_dir = args.index if args.index is not None else tmp / "index"
        if index_exists(index_dir):
            print(f"index: reusing {index_dir}")
        else:
            gen = corpusgen.generate(tmp / "corpus", args.mb, seed=args.seed)
            print(f"corpus (seed {args.seed}): {gen.summary()}")
            print("index: building (jobs=2) ...", flush=True)
            print(f"index: built in {querybench.build_index(index_dir, tmp / 'corpus', 2):.1f} s")
        paras = querybench.indexed_paragraphs(index_dir)
        print(f"index: {len(paras)} paragraphs")
        classes = querybench.make_classes(paras, args.queries, args.seed)
        queries = [q for qc in classes for q in qc.queries]
        print(f"queries: {len(queries)} ({', '.join(qc.name for qc in classes)})")

        plain, faceted = in_process(index_dir, queries)
        server, port = start_server(index_dir)
        rss_start = rss_mb(server.pid)
        for q in queries:  # warm-up pass, as in-process
            latency(port, [page_path(q), api_path(q)])
        page_server, page_round, page_failed = latency(port, [page_path(q) for q in queries])
        api_server, api_round, api_failed = latency(port, [api_path(q) for q in queries])

        print("\nlatency, one client (ms)")
        querybench.table(["what", "p50", "p95"], [
            ["Searcher.search in-process (reference)", *cells(plain)],
            ["  + facet_counts (what the page adds)", *cells(faceted)],
            ["search page, server time", *cells(page_server)],
            ["search page, round trip", *cells(page_round)],
            ["/api/search, server time", *cells(api_server)],
            ["/api/search, round trip", *cells(api_round)],
        ])
        reference = querybench.pct(plain, 0.95)
        aim = AIM_FACTOR * reference + AIM_EXTRA_MS
        page_p95 = querybench.pct(page_round, 0.95)
        print(f"  aim: page p95 <= {AIM_FACTOR:g} x {reference:.1f} + {AIM_EXTRA_MS:g} = "
              f"{aim:.1f} ms; page round-trip p95 {page_p95:.1f} ms "
              f"({'met' if page_p95 <= aim else 'NOT met'}); failed requests "
              f"{page_failed + api_failed}")

        rows = []
        for name, make in (("page", page_path), ("api", api_path)):
            paths = [make(q) for q in queries]
            for clients in [int(c) for c in args.clients.split(",")]:
                before = rss_mb(server.pid)
                done, failed, times, spent = load(port, paths, clients, args.seconds,
                                                  args.max_requests)
                rows.append([f"{name}, {clients} clients", str(done), f"{done / spent:.0f}",
                             str(failed), querybench.ms(querybench.pct(times, 0.95) / 1000),
                             f"{before:.0f}", f"{rss_mb(server.pid):.0f}"])
                print(f"  {rows[-1][0]}: {rows[-1][2]} requests/s", flush=True)
        print(f"\nthroughput ({args.seconds:g} s per level, loopback)")
        querybench.table(["load", "requests", "req/s", "failed", "p95 ms", "RSS before MB",
                          "RSS after MB"], rows)
        print(f"  server RSS: {rss_start:.0f} MB after start, {rss_mb(server.pid):.0f} MB "
              "at the end")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
