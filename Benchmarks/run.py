#!/usr/bin/env python3
"""naker-exporter benchmark suite: `make bench` and `make bench-smoke` run this.

    python3 Benchmarks/run.py --binary .build-bench/release/naker-exporter          # full, ~15 min
    python3 Benchmarks/run.py --smoke --binary .build/debug/naker-exporter          # CI-sized, ~1 min

Sections (see BENCHMARKS.md for what each number means):
  1 recalc   `naker-exporter once` vs DuckDB SQL (default threads and threads=1) on the same CSV
             files, at 1M and 10M rows per registry: wall time, peak RSS, numbers must agree
  2 qe       naker-exporter serve vs query-exporter on the same data in SQLite: wrk throughput,
             latency, resident memory, CPU per scrape
  3 series   /metrics at 100, 1,000 and 10,000 series: naker-exporter vs node_exporter (textfile
             collector only, same body) vs nginx (same bytes as a static file)
  4 ticks    the unchanged-data recalculation tick, and an append of 1,000 rows to a 10M-row file
  5 xlsx     one 1M-row registry as an Excel workbook: `naker-exporter once` vs python-calamine
             and openpyxl (read-only) reading every cell of the same file
  6 sql      a 10M-row PostgreSQL table (scripts/test-databases, fresh servers each run):
             `naker-exporter once` on the sql: source vs streaming the rows (psql COPY TO STDOUT)
             vs DuckDB on the table's CSV export: wall time, bytes from the server (a counting
             proxy); the numbers must agree, and `once` on the CSV must give identical output

Runs alternate (A B C A B C ...) and every table reports medians. All servers listen on
127.0.0.1 only; every load is bounded (wrk -d). Exits non-zero when a step fails or DuckDB and
naker-exporter disagree. Peers that are missing are installed first (apt-get, pip).
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
AT = "2026-06-30"  # the evaluation date of the `once` comparison (data runs 2021-01-01 .. 2026-11-30)
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
T0 = time.monotonic()
STARTED = []  # every process this script started, ended by pid in cleanup()
FAILURES = []


def log(message):
    print(f"[{time.monotonic() - T0:7.1f}s] {message}", file=sys.stderr, flush=True)


class StepFailed(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# processes, HTTP, measurements


def start(cmd, log_path, **kwargs):
    out = open(log_path, "wb")
    process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True, **kwargs)
    out.close()
    STARTED.append(process)
    return process


def stop(process, grace=5.0):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
    if process in STARTED:
        STARTED.remove(process)


def cleanup():
    for process in list(STARTED):
        try:
            stop(process, grace=3)
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, headers=None, timeout=10):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until(what, predicate, timeout, interval=0.05, process=None, log_path=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StepFailed(f"{what}: the process exited ({process.returncode}); {tail(log_path)}")
        try:
            value = predicate()
            if value:
                return value
        except (OSError, ValueError):
            pass
        time.sleep(interval)
    raise StepFailed(f"{what}: not within {timeout:.0f} s; {tail(log_path)}")


def tail(path, lines=6):
    if not path or not os.path.exists(path):
        return ""
    with open(path, "rb") as f:
        text = f.read()[-4000:].decode("utf-8", "replace")
    return "log: " + " | ".join(text.strip().splitlines()[-lines:])


def measured_run(cmd, stdout_path, timeout):
    """Runs cmd to completion; wall time and the child's own peak RSS (wait4 rusage)."""
    with open(stdout_path, "wb") as out, open(str(stdout_path) + ".err", "wb") as err:
        began = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        STARTED.append(process)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                STARTED.remove(process)
                raise StepFailed(f"{cmd[0]} took longer than {timeout} s")
            time.sleep(0.01)
        wall = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        STARTED.remove(process)
    if process.returncode != 0:
        raise StepFailed(f"{' '.join(map(str, cmd))} exited {process.returncode}; {tail(str(stdout_path) + '.err')}")
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime}


def tree(pid):
    """pid and all its descendants (nginx workers, query-exporter threads are in-process)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                pass
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pid):
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total / CLK_TCK


def rss_mb(pid):
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except OSError:
            pass
    return total / 2**20


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def wrk(url, seconds, connections=50, threads=2):
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url]
    output = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30).stdout
    result = {"rps": None, "p50_ms": None, "p99_ms": None, "requests": 0, "errors": 0}
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("Requests/sec:"):
            result["rps"] = float(line.split()[1])
        elif m := re.match(r"^(\d+) requests in", line):
            result["requests"] = int(m.group(1))
        elif m := re.match(r"^(50|99)%\s+([\d.]+)(us|ms|s|m)$", line):
            result[f"p{m.group(1)}_ms"] = float(m.group(2)) * UNITS[m.group(3)]
        elif m := re.match(r"^Non-2xx or 3xx responses: (\d+)", line):
            result["errors"] += int(m.group(1))
        elif m := re.match(r"^Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", line):
            result["errors"] += sum(int(g) for g in m.groups())
    if result["rps"] is None:
        raise StepFailed(f"wrk gave no result for {url}: {output[-500:]}")
    return result


def load(url, pid, seconds):
    """One wrk run against a server; adds the server's CPU seconds per request."""
    before = cpu_seconds(pid)
    result = wrk(url, seconds)
    used = cpu_seconds(pid) - before
    result["cpu_ms_per_req"] = used * 1000 / result["requests"] if result["requests"] else None
    result["cpu_s"] = used
    return result


def ratio(a, b):
    return a / b if a is not None and b else None


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def count_samples(body):
    return sum(1 for line in body.decode("utf-8", "replace").splitlines() if line and not line.startswith("#"))


# ---------------------------------------------------------------------------------------------
# peers and data


def ensure_peers(skip):
    if skip:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    wanted = {"wrk": "wrk", "nginx": "nginx", "prometheus-node-exporter": "prometheus-node-exporter",
              "sqlite3": "sqlite3"}
    missing = [pkg for cmd, pkg in wanted.items() if not shutil.which(cmd, path=os.environ["PATH"] + ":/usr/sbin:/sbin")]
    if missing:
        log(f"installing Debian packages: {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing,
                       check=True, env=env, stdout=subprocess.DEVNULL)
    try:
        import duckdb  # noqa: F401
        import prometheus_client  # noqa: F401
        have_python = shutil.which("query-exporter") is not None
    except ImportError:
        have_python = False
    if not have_python:
        log("installing PyPI packages: duckdb query-exporter prometheus-client")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "duckdb", "query-exporter", "prometheus-client"], check=True)
    try:
        import openpyxl  # noqa: F401
        import python_calamine  # noqa: F401
        import xlsxwriter  # noqa: F401
    except ImportError:
        log("installing PyPI packages: python-calamine openpyxl xlsxwriter")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "python-calamine", "openpyxl", "xlsxwriter"], check=True)


def nginx_binary():
    return shutil.which("nginx") or "/usr/sbin/nginx"


def node_exporter_binary():
    return shutil.which("prometheus-node-exporter") or shutil.which("node_exporter") or "/usr/bin/prometheus-node-exporter"


def dataset(work, name, rows, **options):
    """Generates (once) a data directory; reused while its manifest matches the arguments."""
    sys.path.insert(0, str(HERE))
    import generate
    out = work / name
    args = ["--rows", str(rows)]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    manifest = out / "manifest.json"
    if manifest.exists():
        with open(manifest) as f:
            found = json.load(f)
        if found.get("version") == generate.VERSION and found.get("args") == args:
            return out
    log(f"generating {name} ({rows:,} rows per registry)")
    began = time.monotonic()
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--out", str(out)] + args, check=True, timeout=1800)
    with open(manifest) as f:
        found = json.load(f)
    found["args"] = args
    found["generate_seconds"] = round(time.monotonic() - began, 1)
    with open(manifest, "w") as f:
        json.dump(found, f, indent=2)
    log(f"generated {name} in {found['generate_seconds']} s")
    return out


def warm(directory):
    """Reads the CSV files once so every tool starts from the page cache."""
    for path in sorted(directory.glob("*.csv")):
        with open(path, "rb") as f:
            while f.read(1 << 24):
                pass


def data_bytes(directory):
    return sum(p.stat().st_size for p in directory.glob("*.csv"))


# ---------------------------------------------------------------------------------------------
# 1. recalculation: naker-exporter once vs DuckDB


def parse_exposition(text):
    from prometheus_client.parser import text_string_to_metric_families
    values = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            values.setdefault(sample.name, []).append((sample.labels, sample.value))
    return values


def compare(naker_text, duck, rows):
    """Checks naker-exporter's numbers against DuckDB's; returns how many were compared."""
    m = parse_exposition(naker_text)
    problems = []

    def by(name, *labels):
        return {"\t".join(l[k] for k in labels): v for l, v in m.get(name, [])}

    def by_area(name):
        """The kecamatan of naker_X{area} and the region of naker_region_X{region}, in one map."""
        areas = by(name, "area")
        regions = by(name.replace("naker_", "naker_region_", 1), "region")
        if set(areas) & set(regions):
            problems.append(f"{name}: the region also stands among the areas: {sorted(set(areas) & set(regions))}")
        return {**areas, **regions}

    checks = [
        ("naker_entrepreneurs", by("naker_entrepreneurs", "area", "programme"), duck["entrepreneurs"]),
        ("naker_trainees", by("naker_trainees", "institution", "year"), duck["trainees"]),
        ("naker_job_seekers_active", by_area("naker_job_seekers_active"), duck["job_seekers_active"]),
        ("naker_labour_force", by_area("naker_labour_force"), duck["labour_force"]),
        ("naker_unemployed", by_area("naker_unemployed"), duck["unemployed"]),
    ]
    compared = 0
    for name, ours, theirs in checks:
        if set(ours) != set(theirs):
            extra, missing = set(ours) - set(theirs), set(theirs) - set(ours)
            problems.append(f"{name}: series differ (naker only {sorted(extra)[:3]}, DuckDB only {sorted(missing)[:3]})")
        for key in set(ours) & set(theirs):
            compared += 1
            if ours[key] != theirs[key]:
                problems.append(f"{name}{{{key}}}: naker {ours[key]} DuckDB {theirs[key]}")
    targets = by("naker_target_value", "target")
    projected = by("naker_target_projected_value", "target")
    import datetime
    left = (datetime.date(2026, 12, 31) - datetime.date.fromisoformat(AT)).days  # both targets end 2026-12-31
    end_days = {"wub_2021_2026": left, "blk_tanjung_2022_2026": left}
    for target, value in duck["targets"].items():
        compared += 1
        if targets.get(target) != value:
            problems.append(f"naker_target_value{{target={target}}}: naker {targets.get(target)} DuckDB {value}")
    for target, recent in duck["recent"].items():
        compared += 1
        expected = duck["targets"][target] + recent / 90 * end_days[target]
        if abs(projected.get(target, float("nan")) - expected) > 1e-6 * max(1, expected):
            problems.append(f"naker_target_projected_value{{target={target}}}: naker {projected.get(target)} DuckDB-derived {expected}")
    rows_by_source = by("naker_source_rows", "source")
    rejected = by("naker_source_rejected_rows", "source")
    for source in ("ak1", "wub", "pelatihan"):
        compared += 1
        if rows_by_source.get(source) != rows or rejected.get(source) != 0:
            problems.append(f"source {source}: rows {rows_by_source.get(source)} rejected {rejected.get(source)}, expected {rows} and 0")
    if problems:
        raise StepFailed("naker-exporter and DuckDB disagree: " + "; ".join(problems[:8]))
    return compared


ONE_REGISTRY = """# Generated by Benchmarks/run.py: the entrepreneurs registry of this directory alone.
global:
  region: Region
  timezone: Asia/Makassar
  recalc_interval: 5m
sources:
  - name: wub
    dataset: entrepreneurs
    csv: { path: entrepreneurs.csv, delimiter: "," }
targets:
  - name: wub_2021_2026
    indicator: entrepreneurs
    where: { programme: bengkel-sahabat }
    goal: 1250000
    start: 2021-01-01
    end: 2026-12-31
"""


def compare_one_registry(naker_text, duck, rows):
    """The one-registry run: entrepreneurs per area and programme, the target and its projection."""
    m = parse_exposition(naker_text)
    ours = {f"{l['area']}\t{l['programme']}": v for l, v in m.get("naker_entrepreneurs", [])}
    problems = []
    if ours != duck["entrepreneurs"]:
        differ = [k for k in set(ours) | set(duck["entrepreneurs"]) if ours.get(k) != duck["entrepreneurs"].get(k)]
        problems.append(f"naker_entrepreneurs differ at {sorted(differ)[:3]}")
    target = {l["target"]: v for l, v in m.get("naker_target_value", [])}.get("wub_2021_2026")
    if target != duck["targets"]["wub_2021_2026"]:
        problems.append(f"wub_2021_2026: naker {target} DuckDB {duck['targets']['wub_2021_2026']}")
    rows_seen = {l["source"]: v for l, v in m.get("naker_source_rows", [])}.get("wub")
    if rows_seen != rows:
        problems.append(f"source wub: rows {rows_seen}, expected {rows}")
    if problems:
        raise StepFailed("one registry: naker-exporter and DuckDB disagree: " + "; ".join(problems))
    return len(ours) + 2


def bench_recalc(args, work, sizes):
    results = []
    for rows in sizes:
        directory = dataset(work, f"rows-{rows}", rows)
        (directory / "one-registry.yml").write_text(ONE_REGISTRY)
        warm(directory)
        naker = lambda binary, config: [binary, "once", f"--config.file={directory / config}", f"--at={AT}",
                                        "--log.level=warn"]
        duck = [sys.executable, str(HERE / "duckdb_indicators.py"), "--data", str(directory), "--at", AT]
        tools = {"naker": naker(args.binary, "naker-exporter.yml"), "duckdb": duck, "duckdb-1t": duck + ["--threads", "1"]}
        one = {"naker-1r": naker(args.binary, "one-registry.yml"), "duckdb-1r": duck + ["--only", "entrepreneurs"]}
        if args.before:
            tools["naker-before"] = naker(args.before, "naker-exporter.yml")
            one["naker-before-1r"] = naker(args.before, "one-registry.yml")
        tools.update(one)
        runs = {tool: [] for tool in tools}
        agreed = agreed_one = None
        outputs = {}
        for rep in range(args.reps):
            for tool, cmd in tools.items():
                out = work / f"out-{tool}-{rows}.txt"
                run = measured_run(cmd, out, timeout=args.run_timeout)
                runs[tool].append(run)
                outputs[tool] = out.read_text()
                if tool.startswith("duckdb"):
                    run["query_s"] = json.loads(outputs[tool])["seconds"]
                log(f"recalc {rows:,} rows {tool} #{rep + 1}: {run['wall']:.2f} s, {run['rss_mb']:.0f} MB")
            duck_all = json.loads(outputs["duckdb"])
            duck1 = json.loads(outputs["duckdb-1t"])
            for key in ("entrepreneurs", "trainees", "job_seekers_active", "targets"):
                if duck_all[key] != duck1[key]:
                    raise StepFailed(f"DuckDB threads=1 and default disagree on {key}")
            agreed = compare(outputs["naker"], duck_all, rows)
            agreed_one = compare_one_registry(outputs["naker-1r"], json.loads(outputs["duckdb-1r"]), rows)
            if args.before:
                for tool in ("naker", "naker-1r"):
                    if outputs[tool.replace("naker", "naker-before", 1)] != outputs[tool]:
                        raise StepFailed(f"{tool}: the before binary printed other metrics")
        duck_threads = json.loads(outputs["duckdb"])["threads"]
        baseline = measured_run([sys.executable, "-c", "import duckdb; duckdb.connect(':memory:').execute('SELECT 1')"],
                                work / "out-duckdb-baseline.txt", timeout=60)
        summary = {
            "rows": rows, "bytes": data_bytes(directory), "agreed_numbers": agreed, "duckdb_threads": duck_threads,
            "duckdb_import_rss_mb": baseline["rss_mb"], "duckdb_import_wall": baseline["wall"],
            "one_registry_bytes": (directory / "entrepreneurs.csv").stat().st_size, "agreed_one_registry": agreed_one,
        }
        for tool, tool_runs in runs.items():
            summary[tool] = {
                "wall": median([r["wall"] for r in tool_runs]), "rss_mb": median([r["rss_mb"] for r in tool_runs]),
                "cpu": median([r["cpu"] for r in tool_runs]), "query_s": median([r.get("query_s") for r in tool_runs]),
                "walls": [round(r["wall"], 3) for r in tool_runs],
            }
        summary["ratio_default"] = summary["naker"]["wall"] / summary["duckdb"]["wall"]
        summary["ratio_1t"] = summary["naker"]["wall"] / summary["duckdb-1t"]["wall"]
        summary["ratio_one"] = summary["naker-1r"]["wall"] / summary["duckdb-1r"]["wall"]
        if args.before:
            summary["ratio_before"] = summary["naker-before"]["wall"] / summary["duckdb"]["wall"]
            summary["ratio_one_before"] = summary["naker-before-1r"]["wall"] / summary["duckdb-1r"]["wall"]
        summary["rss_goal_mb"] = 64 + 16 * 3 * rows / 2**20
        summary["rss_goal_one_mb"] = 64 + 16 * rows / 2**20
        results.append(summary)
    return results


# ---------------------------------------------------------------------------------------------
# servers


def start_naker(args, work, directory, tag, config=None, level="info", binary=None):
    port = free_port()
    state = work / f"state-{tag}"
    shutil.rmtree(state, ignore_errors=True)
    log_path = work / f"naker-{tag}.log"
    began = time.monotonic()
    process = start([binary or args.binary, "serve", f"--config.file={config or directory / 'naker-exporter.yml'}",
                     f"--web.listen-address=127.0.0.1:{port}", f"--storage.path={state}", f"--log.level={level}"],
                    log_path)
    url = f"http://127.0.0.1:{port}"
    wait_until("naker-exporter ready", lambda: http_get(url + "/-/ready", timeout=2)[0] == 200,
               timeout=args.run_timeout, interval=0.02, process=process, log_path=log_path)
    ready = time.monotonic() - began
    return {"process": process, "url": url + "/metrics", "base": url, "ready_s": ready, "log": log_path}


def start_node_exporter(work, body, tag):
    textdir = work / f"textfile-{tag}"
    shutil.rmtree(textdir, ignore_errors=True)
    textdir.mkdir(parents=True)
    (textdir / "naker.prom").write_bytes(body)
    port = free_port()
    log_path = work / f"node-exporter-{tag}.log"
    process = start([node_exporter_binary(), f"--web.listen-address=127.0.0.1:{port}",
                     "--collector.disable-defaults", "--collector.textfile",
                     f"--collector.textfile.directory={textdir}", "--web.disable-exporter-metrics",
                     # Its default of 40 parallel requests would answer part of 50 connections with 503.
                     "--web.max-requests=0"], log_path)
    url = f"http://127.0.0.1:{port}/metrics"
    wait_until("node_exporter up", lambda: http_get(url, timeout=2)[0] == 200, timeout=30, process=process,
               log_path=log_path)
    status, served = http_get(url)
    if b"node_textfile_scrape_error 0" not in served:
        raise StepFailed(f"node_exporter could not read the textfile: {served[-300:]!r}")
    return {"process": process, "url": url}


NGINX_CONF = """\
{user}worker_processes 2;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    client_body_temp_path {prefix}/body;
    types {{ }}
    default_type "text/plain; version=0.0.4; charset=utf-8";
    server {{
        listen 127.0.0.1:{port};
        root {prefix}/www;
        location = /metrics {{ }}
    }}
}}
"""


def start_nginx(work, body, tag):
    prefix = work / f"nginx-{tag}"
    shutil.rmtree(prefix, ignore_errors=True)
    (prefix / "www").mkdir(parents=True)
    (prefix / "body").mkdir()
    (prefix / "www" / "metrics").write_bytes(body)
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(NGINX_CONF.format(user=user, prefix=prefix, port=port))
    log_path = work / f"nginx-{tag}.log"
    process = start([nginx_binary(), "-p", str(prefix), "-c", str(prefix / "nginx.conf")], log_path)
    url = f"http://127.0.0.1:{port}/metrics"
    wait_until("nginx up", lambda: http_get(url, timeout=2)[0] == 200, timeout=30, process=process,
               log_path=log_path)
    return {"process": process, "url": url}


def alternate(servers, seconds, reps):
    """wrk against each server in turn, reps rounds; medians per server."""
    runs = {name: [] for name in servers}
    for rep in range(reps):
        for name, server in servers.items():
            result = load(server["url"], server["process"].pid, seconds)
            runs[name].append(result)
            log(f"  {name} #{rep + 1}: {result['rps']:,.0f} req/s p50 {result['p50_ms']:.2f} ms "
                f"p99 {result['p99_ms']:.2f} ms{' ERRORS ' + str(result['errors']) if result['errors'] else ''}")
    summary = {}
    for name, name_runs in runs.items():
        summary[name] = {key: median([r[key] for r in name_runs]) for key in
                         ("rps", "p50_ms", "p99_ms", "cpu_ms_per_req")}
        summary[name]["errors"] = sum(r["errors"] for r in name_runs)
        summary[name]["rps_runs"] = [round(r["rps"]) for r in name_runs]
        summary[name]["rss_mb"] = rss_mb(servers[name]["process"].pid)
        if summary[name]["errors"]:
            FAILURES.append(f"{name}: {summary[name]['errors']} failed requests under wrk")
    return summary


# ---------------------------------------------------------------------------------------------
# 2. naker-exporter vs query-exporter on SQLite


SQLITE_SCHEMA = """\
CREATE TABLE labour_force (period TEXT, area TEXT, working_age_population INTEGER, labour_force INTEGER, unemployed INTEGER);
CREATE TABLE job_seekers (id TEXT PRIMARY KEY, registered_on TEXT, area TEXT, placed_on TEXT, gender TEXT, education TEXT);
CREATE TABLE entrepreneurs (id TEXT PRIMARY KEY, registered_on TEXT, area TEXT, programme TEXT, sector TEXT, status TEXT);
CREATE TABLE trainees (id TEXT PRIMARY KEY, started_on TEXT, institution TEXT, programme TEXT, area TEXT, completed TEXT);
"""

# "Today" in Asia/Makassar (UTC+8), as naker-exporter serve uses.
TODAY = "date('now', '+8 hours')"
QE_CONFIG = """\
databases:
  naker:
    dsn: sqlite:///{db}
metrics:
  naker_entrepreneurs:
    type: gauge
    description: New entrepreneurs (WUB) registered up to the evaluation date.
    labels: [area, programme]
  naker_trainees:
    type: gauge
    description: Training enrolments per institution and calendar year of start.
    labels: [institution, year]
  naker_job_seekers_active:
    type: gauge
    description: Active AK/I job-seeker registrations as of the evaluation date.
    labels: [area]
  naker_labour_force:
    type: gauge
    description: Labour force (angkatan kerja), latest survey period.
    labels: [area]
  naker_unemployed:
    type: gauge
    description: Unemployed persons, latest survey period.
    labels: [area]
  naker_target_value:
    type: gauge
    description: Realised value as of the evaluation date.
    labels: [target]
queries:
  entrepreneurs:
    interval: 3600
    databases: [naker]
    metrics: [naker_entrepreneurs]
    sql: >
      SELECT area, programme, count(*) AS naker_entrepreneurs FROM entrepreneurs
      WHERE registered_on <= {today} GROUP BY area, programme
  trainees:
    interval: 3600
    databases: [naker]
    metrics: [naker_trainees]
    sql: >
      SELECT institution, substr(started_on, 1, 4) AS year, count(*) AS naker_trainees FROM trainees
      WHERE started_on <= {today} GROUP BY institution, year
  job_seekers:
    interval: 3600
    databases: [naker]
    metrics: [naker_job_seekers_active]
    sql: >
      SELECT area, sum(registered_on > date({today}, '-730 days')
                       AND (placed_on = '' OR placed_on > {today})) AS naker_job_seekers_active
      FROM job_seekers WHERE registered_on <= {today} GROUP BY area
  survey:
    interval: 3600
    databases: [naker]
    metrics: [naker_labour_force, naker_unemployed]
    sql: >
      SELECT area, labour_force AS naker_labour_force, unemployed AS naker_unemployed FROM labour_force l
      WHERE period = (SELECT max(period) FROM labour_force m WHERE m.area = l.area AND m.period || '-01' <= {today})
  targets:
    interval: 3600
    databases: [naker]
    metrics: [naker_target_value]
    sql: >
      SELECT 'wub_2021_2026' AS target, count(*) AS naker_target_value FROM entrepreneurs
      WHERE programme = 'bengkel-sahabat' AND registered_on BETWEEN '2021-01-01' AND min('2026-12-31', {today})
"""


def sqlite_db(directory):
    db = directory / "naker.sqlite"
    stamp = directory / "naker.sqlite.done"
    if stamp.exists() and db.exists():
        return db
    log(f"importing {directory.name} into SQLite")
    db.unlink(missing_ok=True)
    script = SQLITE_SCHEMA + ".mode csv\n" + "".join(
        f".import --skip 1 {directory / (table + '.csv')} {table}\n"
        for table in ("labour_force", "job_seekers", "entrepreneurs", "trainees"))
    subprocess.run(["sqlite3", str(db)], input=script, text=True, check=True, timeout=900)
    stamp.write_text("ok\n")
    return db


def start_query_exporter(work, db, tag):
    config = work / f"query-exporter-{tag}.yaml"
    config.write_text(QE_CONFIG.format(db=db, today=TODAY))
    port = free_port()
    log_path = work / f"query-exporter-{tag}.log"
    exe = shutil.which("query-exporter")
    if not exe:
        raise StepFailed("query-exporter is not installed (pip install query-exporter failed?)")
    began = time.monotonic()
    process = start([exe, "--config", str(config), "-H", "127.0.0.1", "-p", str(port), "-L", "warning"], log_path)
    url = f"http://127.0.0.1:{port}/metrics"

    def ready():
        status, body = http_get(url, timeout=5)
        return status == 200 and b"naker_entrepreneurs{" in body and b"naker_job_seekers_active{" in body \
            and b"naker_trainees{" in body and b"naker_target_value{" in body and b"naker_labour_force{" in body

    wait_until("query-exporter serving its query results", ready, timeout=600, interval=0.2, process=process,
               log_path=log_path)
    return {"process": process, "url": url, "ready_s": time.monotonic() - began}


def bench_query_exporter(args, work, rows):
    directory = dataset(work, f"rows-{rows}", rows)
    db = sqlite_db(directory)
    naker = start_naker(args, work, directory, "qe")
    qe = start_query_exporter(work, db, "qe")
    try:
        bodies = {name: http_get(s["url"])[1] for name, s in (("naker-exporter", naker), ("query-exporter", qe))}
        log(f"naker vs query-exporter on {rows:,} rows: alternating wrk {args.qe_seconds} s x {args.server_reps}")
        summary = alternate({"naker-exporter": naker, "query-exporter": qe}, args.qe_seconds, args.server_reps)
        for name, body in bodies.items():
            summary[name]["body_bytes"] = len(body)
            summary[name]["series"] = count_samples(body)
        summary["naker-exporter"]["ready_s"] = naker["ready_s"]
        summary["query-exporter"]["ready_s"] = qe["ready_s"]
        summary["rows"] = rows
        summary["ratio"] = ratio(summary["naker-exporter"]["rps"], summary["query-exporter"]["rps"])
        return summary
    finally:
        stop(naker["process"])
        stop(qe["process"])


# ---------------------------------------------------------------------------------------------
# 3. /metrics at N series: naker-exporter vs node_exporter (textfile) vs nginx (static)


def series_dataset(work, areas, programmes):
    return dataset(work, f"series-{areas}x{programmes}", max(2000, areas * programmes), areas=areas,
                   programmes=programmes, institutions=1, survey_areas=0, seeker_areas=1)


def split(count):
    """areas x programmes == count with programmes <= 10, as close to exact as possible."""
    for programmes in range(10, 0, -1):
        if count % programmes == 0 and count // programmes >= 1:
            return count // programmes, programmes
    return max(1, round(count / 10)), 10


def bench_series(args, work, sizes):
    # The fixed part of the body (survey, targets, sources, self and process metrics).
    probe_dir = series_dataset(work, 1, 1)
    probe = start_naker(args, work, probe_dir, "probe")
    try:
        overhead = count_samples(http_get(probe["url"])[1]) - 1
    finally:
        stop(probe["process"])
    results = []
    for target in sizes:
        areas, programmes = split(max(1, target - overhead))
        directory = series_dataset(work, areas, programmes)
        naker = start_naker(args, work, directory, f"series-{target}")
        servers = {"naker-exporter": naker}
        try:
            body = http_get(naker["url"])[1]
            if args.before:
                servers["naker-before"] = start_naker(args, work, directory, f"series-{target}-before",
                                                      binary=args.before)
            servers["node_exporter"] = start_node_exporter(work, body, str(target))
            servers["nginx"] = start_nginx(work, body, str(target))
            bodies = {name: http_get(s["url"])[1] for name, s in servers.items()}
            seconds = args.series_seconds[target]
            log(f"{count_samples(body)} series ({len(body):,} bytes): alternating wrk {seconds} s x {args.server_reps}")
            summary = alternate(servers, seconds, args.server_reps)
            summary["wrk_seconds"] = seconds
            for name, served in bodies.items():
                summary[name]["body_bytes"] = len(served)
                summary[name]["series"] = count_samples(served)
            summary["target"] = target
            summary["series"] = count_samples(body)
            summary["areas_x_programmes"] = f"{areas}x{programmes}"
            summary["vs_node"] = ratio(summary["naker-exporter"]["rps"], summary["node_exporter"]["rps"])
            summary["vs_nginx"] = ratio(summary["naker-exporter"]["rps"], summary["nginx"]["rps"])
            summary["p99_vs_nginx"] = ratio(summary["naker-exporter"]["p99_ms"], summary["nginx"]["p99_ms"])
            if args.before:
                summary["before_vs_nginx"] = ratio(summary["naker-before"]["rps"], summary["nginx"]["rps"])
                summary["before_p99_vs_nginx"] = ratio(summary["naker-before"]["p99_ms"], summary["nginx"]["p99_ms"])
            results.append(summary)
        finally:
            for server in servers.values():
                stop(server["process"])
    return results


# ---------------------------------------------------------------------------------------------
# idle: the daemon on the repository's sample, resident memory and what holds it


def smaps_breakdown(pid):
    """Resident KiB per part of the address space, from /proc/PID/smaps."""
    parts, current, size = {}, None, 0
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            fields = line.split()
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                start, end = (int(x, 16) for x in fields[0].split("-"))
                size = end - start
                name = fields[5] if len(fields) > 5 else ""
                if name.startswith("/"):
                    base = os.path.basename(name)
                    current = "the binary" if base == "naker-exporter" else re.sub(r"\.so.*", ".so", base)
                elif name == "[heap]":
                    current = "heap (main arena)"
                elif name == "[stack]":
                    current = "main thread stack"
                elif name.startswith("["):
                    current = "kernel ([vdso], [vvar])"
                elif 8 << 20 <= size <= (8 << 20) + (64 << 10):
                    current = "thread stacks (8 MiB reserved each)"
                elif size >= 32 << 20:
                    current = "malloc arenas of other threads"
                else:
                    current = "other anonymous (the malloc heaps of worker threads, Swift runtime, NIO, SQLite cache)"
            elif fields and fields[0] == "Rss:" and current:
                parts[current] = parts.get(current, 0) + int(fields[1])
    return parts


def proc_status(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "Threads", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values


def idle_config(work):
    """The sample config with absolute paths and a 2 s recalculation, so rounds happen while measured."""
    text = (ROOT / "Config/naker-exporter.yml").read_text()
    text = re.sub(r"path: sample/", f"path: {ROOT / 'Config/sample'}/", text)
    text = re.sub(r"recalc_interval: \S+", "recalc_interval: 2s", text, count=1)
    text = text.replace("templates/", f"{ROOT / 'Config/templates'}/")
    path = work / "idle-naker-exporter.yml"
    path.write_text(text)
    return path


def bench_idle(args, work):
    config = idle_config(work)
    binaries = {"after": args.binary}
    if args.before:
        binaries["before"] = args.before
    runs = {name: [] for name in binaries}
    for rep in range(args.reps):
        for name, binary in binaries.items():
            naker = start_naker(args, work, work, f"idle-{name}", config=config, binary=binary)
            try:
                pid = naker["process"].pid
                ready = proc_status(pid)
                time.sleep(args.idle_seconds)  # recalculation rounds every 2 s
                for _ in range(20):
                    http_get(naker["url"])
                for path in ("/", "/api/v1/status", "/-/ready"):
                    http_get(naker["base"] + path)
                time.sleep(2.5)  # one more round after the requests
                run = {"ready": ready, "steady": proc_status(pid), "parts": smaps_breakdown(pid)}
                runs[name].append(run)
                log(f"idle {name} #{rep + 1}: {run['steady']['VmRSS'] / 1024:.1f} MB resident "
                    f"({run['steady']['RssAnon'] / 1024:.1f} anonymous, {run['steady']['RssFile'] / 1024:.1f} file), "
                    f"{run['steady']['Threads']} threads")
            finally:
                stop(naker["process"])
    summary = {"idle_seconds": args.idle_seconds}
    for name, name_runs in runs.items():
        middle = sorted(name_runs, key=lambda r: r["steady"]["VmRSS"])[len(name_runs) // 2]
        summary[name] = {
            "rss_mb": median([r["steady"]["VmRSS"] / 1024 for r in name_runs]),
            "anon_mb": median([r["steady"]["RssAnon"] / 1024 for r in name_runs]),
            "file_mb": median([r["steady"]["RssFile"] / 1024 for r in name_runs]),
            "ready_rss_mb": median([r["ready"]["VmRSS"] / 1024 for r in name_runs]),
            "peak_mb": median([r["steady"]["VmHWM"] / 1024 for r in name_runs]),
            "threads": middle["steady"]["Threads"],
            "rss_runs": [round(r["steady"]["VmRSS"] / 1024, 1) for r in name_runs],
            "parts_kib": middle["parts"],
        }
    return summary


# ---------------------------------------------------------------------------------------------
# 4. unchanged-data tick, and an append of 1,000 rows


def metric_value(url, name, labels=""):
    body = http_get(url, timeout=10)[1].decode()
    match = re.search(rf"^{re.escape(name)}{re.escape(labels)} (\S+)$", body, re.M)
    return float(match.group(1)) if match else None


def loads_logged(log_path, source, message="source loaded", appended=False):
    """Log lines of `message` for `source`; a read of only the appended bytes logs appended_from."""
    with open(log_path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    return sum(1 for line in text.splitlines()
               if message in line and line.endswith(f"source={source}") and ("appended_from=" in line) == appended)


def recalculations_logged(log_path):
    """The duration_seconds of every `recalculated` debug line so far, in order."""
    with open(log_path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    found = re.findall(r"msg=recalculated .*?duration_seconds=([0-9.e-]+)", text)
    return [float(value) for value in found]


def stat_check_us(paths, loops=20000):
    """What the "is anything changed" check costs: stat(2) of each source file (from Python)."""
    began = time.perf_counter()
    for _ in range(loops):
        for path in paths:
            info = os.stat(path)
            (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    return (time.perf_counter() - began) / loops * 1e6


def append_rows(path, tag, count=1000):
    lines = "".join(f"WUB-APPEND-{tag}-{i:05d},2026-11-30,Kecamatan 001,bengkel-sahabat,jasa,aktif\n"
                    for i in range(count))
    with open(path, "a") as f:
        f.write(lines)
    return len(lines)


def bench_xlsx(args, work, rows):
    """One registry as an Excel workbook: naker-exporter's whole load (read, row rules, counts)
    against python-calamine and openpyxl (read-only) only reading every cell of the same file."""
    directory = dataset(work, f"rows-{rows}", rows)
    workbook = work / f"entrepreneurs-{rows}.xlsx"
    csv_path = directory / "entrepreneurs.csv"
    if not workbook.exists() or workbook.stat().st_mtime < csv_path.stat().st_mtime:
        log(f"writing {workbook.name} (XlsxWriter)")
        subprocess.run([sys.executable, str(HERE / "xlsx_tools.py"), "write", str(csv_path), str(workbook)],
                       check=True, timeout=3600)
    head = "global: { region: Region, timezone: Asia/Makassar, recalc_interval: 5m }\nsources:\n"
    configs = {
        "csv": f"{head}  - {{ name: wub, dataset: entrepreneurs, csv: {{ path: {csv_path} }} }}\n",
        "xlsx": f"{head}  - {{ name: wub, dataset: entrepreneurs, xlsx: {{ path: {workbook}, sheet: WUB }} }}\n",
    }
    for name, text in configs.items():
        (work / f"xlsx-{name}.yml").write_text(text)
    tools = {
        "naker": [args.binary, "once", f"--config.file={work / 'xlsx-xlsx.yml'}", f"--at={AT}", "--log.level=warn"],
        "calamine": [sys.executable, str(HERE / "xlsx_tools.py"), "read", "calamine", str(workbook)],
        "openpyxl": [sys.executable, str(HERE / "xlsx_tools.py"), "read", "openpyxl", str(workbook)],
    }
    workbook.read_bytes()  # into the page cache
    runs = {tool: [] for tool in tools}
    outputs = {}
    for rep in range(args.reps):
        for tool, cmd in tools.items():
            out = work / f"out-xlsx-{tool}.txt"
            run = measured_run(cmd, out, timeout=args.run_timeout)
            runs[tool].append(run)
            outputs[tool] = out.read_text()
            log(f"xlsx {rows:,} rows {tool} #{rep + 1}: {run['wall']:.2f} s, {run['rss_mb']:.0f} MB")
    # The same answer as the CSV it was written from, and every row read by each tool.
    from_csv = measured_run([args.binary, "once", f"--config.file={work / 'xlsx-csv.yml'}", f"--at={AT}",
                             "--log.level=warn"], work / "out-xlsx-csv.txt", timeout=args.run_timeout)
    if (work / "out-xlsx-csv.txt").read_text() != outputs["naker"]:
        raise StepFailed("the workbook and its CSV give different metrics")
    for tool in ("calamine", "openpyxl"):
        found = json.loads(outputs[tool])["rows"]
        if found != rows + 1:
            raise StepFailed(f"{tool} read {found} rows, not {rows + 1}")
    summary = {"rows": rows, "bytes": workbook.stat().st_size, "csv_wall": from_csv["wall"]}
    for tool, tool_runs in runs.items():
        summary[tool] = {"wall": median([r["wall"] for r in tool_runs]),
                         "rss_mb": median([r["rss_mb"] for r in tool_runs]),
                         "walls": [round(r["wall"], 3) for r in tool_runs]}
    summary["ratio_calamine"] = summary["naker"]["wall"] / summary["calamine"]["wall"]
    summary["ratio_openpyxl"] = summary["naker"]["wall"] / summary["openpyxl"]["wall"]
    return summary


def server_cpu_seconds(pid):
    """CPU of a server and its live children, plus what its exited children used (cutime, cstime):
    PostgreSQL's backends and parallel workers end with their connection."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        reaped = (int(fields[13]) + int(fields[14])) / CLK_TCK
    except OSError:
        return 0.0
    return cpu_seconds(pid) + reaped


def bench_sql(args, work, rows):
    """One PostgreSQL table of `rows` entrepreneurs: `once` on the sql: source (one aggregating
    query; only groups cross the network) vs streaming the rows with psql COPY vs DuckDB on the
    table's CSV export. Bytes from the server are counted by a TCP proxy in this process."""
    sys.path.insert(0, str(HERE))
    import sql_tools
    script = ROOT / "scripts" / "test-databases"
    out = work / "sql"
    out.mkdir(parents=True, exist_ok=True)
    reps = args.sql_reps
    table = "bench_wub"
    if not args.skip_install:
        subprocess.run([str(script), "install"], check=True, stdout=subprocess.DEVNULL, timeout=900)
    state = Path(tempfile.mkdtemp(prefix="naker-bench-sql-", dir="/tmp"))
    proxy = None
    saved_passfile = os.environ.get("PGPASSFILE")
    summary = {"rows": rows, "reps": reps}
    try:
        began = time.monotonic()
        # Its stdout is DIR/env, passwords included: never shown.
        started = subprocess.run([str(script), "start", str(state)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True, timeout=180)
        if started.returncode != 0:
            raise StepFailed(f"scripts/test-databases start exited {started.returncode}: "
                             + " | ".join(started.stderr.strip().splitlines()[-4:]))
        summary["servers_start_s"] = time.monotonic() - began
        env = sql_tools.read_env(state / "env")
        pg_port = int(env["PG_PORT"])
        loader, loader_pw, database = sql_tools.dsn_parts(state / "postgresql-loader.dsn")
        reader, reader_pw, reader_db = sql_tools.dsn_parts(state / "postgresql-reader.dsn")
        if reader_db != database:
            raise StepFailed("the loader and reader DSNs name different databases")
        proxy = sql_tools.CountingProxy(pg_port)
        sql_tools.write_pgpass(state / "pgpass", [(pg_port, database, loader, loader_pw),
                                                  (pg_port, database, reader, reader_pw),
                                                  (proxy.port, database, reader, reader_pw)])
        os.environ["PGPASSFILE"] = str(state / "pgpass")  # psql's password: no command line holds it
        proxy_dsn = state / "proxy-reader.dsn"
        sql_tools.write_dsn(proxy_dsn, reader, reader_pw, database, proxy.port)
        del loader_pw, reader_pw

        def psql(port, user, *extra, timeout=1800):
            cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", sql_tools.conninfo(port, user, database)]
            done = subprocess.run(cmd + list(extra), capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
            if done.returncode != 0:
                raise StepFailed(f"psql as {user} exited {done.returncode}: " + " | ".join(done.stderr.strip().splitlines()[-3:]))
            return done.stdout

        log(f"sql: generating {table} ({rows:,} rows) in PostgreSQL")
        t = time.monotonic()
        psql(pg_port, loader, "-c", sql_tools.table_sql(table, rows))
        summary["generate_s"] = time.monotonic() - t
        # The reader gets SELECT on the loader's tables by default privileges: checked, as the reader.
        fields = psql(pg_port, reader, "-At", "-F", "\t", "-c",
                      f"SELECT has_table_privilege('{table}', 'SELECT'), count(*), pg_table_size('{table}'), "
                      f"current_setting('work_mem'), current_setting('shared_buffers'), "
                      f"current_setting('server_version') FROM {table}").strip().split("\t")
        if fields[0] != "t" or int(fields[1]) != rows:
            raise StepFailed(f"the reader sees {fields[1]} rows of {table} (SELECT privilege: {fields[0]}), not {rows}")
        summary.update(table_bytes=int(fields[2]), work_mem=fields[3], shared_buffers=fields[4], server_version=fields[5])
        log(f"sql: generated in {summary['generate_s']:.1f} s ({summary['table_bytes'] / 2**20:,.0f} MiB); "
            f"PostgreSQL {fields[5]}, work_mem {fields[3]}, shared_buffers {fields[4]}")
        csv_path = out / f"{table}-{rows}.csv"
        t = time.monotonic()
        psql(pg_port, loader, "-c", f"\\copy {table} TO '{csv_path}' WITH (FORMAT csv, HEADER)")
        summary["export_s"] = time.monotonic() - t
        summary["csv_bytes"] = csv_path.stat().st_size
        log(f"sql: exported {csv_path.name} in {summary['export_s']:.1f} s ({summary['csv_bytes'] / 2**20:,.0f} MiB)")

        head = "global: { region: Region, timezone: Asia/Makassar, recalc_interval: 5m }\nsources:\n"
        (out / "sql-postgresql.yml").write_text(
            f"{head}  - {{ name: wub, dataset: entrepreneurs, timeout: 10m, sql: "
            f"{{ driver: postgresql, dsn_file: {proxy_dsn}, table: {table} }} }}\n")
        (out / "sql-csv.yml").write_text(f"{head}  - {{ name: wub, dataset: entrepreneurs, csv: {{ path: {csv_path} }} }}\n")
        csv_cmd = [args.binary, "once", f"--config.file={out / 'sql-csv.yml'}", f"--at={AT}", "--log.level=warn"]
        copy = f"COPY (SELECT id, registered_on, area, programme, sector, status FROM {table}) TO STDOUT"
        tools = {
            "naker": [args.binary, "once", f"--config.file={out / 'sql-postgresql.yml'}", f"--at={AT}", "--log.level=info"],
            "stream": ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null",
                       "-d", sql_tools.conninfo(proxy.port, reader, database), "-c", copy],
            "duckdb": [sys.executable, str(HERE / "sql_tools.py"), "duckdb", str(csv_path), AT],
        }
        with open(csv_path, "rb") as f:  # into the page cache, in pieces (a child's ru_maxrss starts
            while f.read(1 << 24):      # from this process's peak: subprocess uses vfork)
                pass
        postmaster = int((state / "pg" / "data" / "postmaster.pid").read_text().split()[0])
        csv_run = measured_run(csv_cmd, out / "out-sql-csv.txt", timeout=args.run_timeout)
        csv_text = (out / "out-sql-csv.txt").read_text()
        log(f"sql: once on the CSV: {csv_run['wall']:.2f} s")
        # Peak RSS by GNU time: its child is forked from a small process, not from this one.
        timed = ["/usr/bin/time", "-f", "%M", "-o"] if os.access("/usr/bin/time", os.X_OK) else None
        summary["rss_by"] = "GNU time" if timed else "wait4 (at least this driver's peak)"
        runs = {tool: [] for tool in tools}
        for rep in range(reps):
            for tool, cmd in tools.items():
                path = out / f"out-sql-{tool}.txt"
                proxy.reset()
                rss_file = out / f"rss-{tool}.txt"
                server_before = server_cpu_seconds(postmaster)
                run = measured_run(timed + [str(rss_file)] + cmd if timed else cmd, path, timeout=args.run_timeout)
                if not proxy.idle():
                    raise StepFailed(f"{tool}: a proxied connection stayed open")
                time.sleep(0.2)  # the backend reaped, its CPU in the postmaster's children's times
                run["server_cpu"] = server_cpu_seconds(postmaster) - server_before
                if timed:
                    run["rss_mb"] = int(rss_file.read_text().split()[-1]) / 1024
                counted = proxy.totals()
                run.update(down=counted["down"], up=counted["up"], connections=counted["connections"])
                if tool == "naker":
                    text = path.read_text()
                    if text != csv_text:
                        raise StepFailed(f"once on PostgreSQL (run {rep + 1}) and once on the exported CSV give different output "
                                         f"(see {path} and {out / 'out-sql-csv.txt'})")
                    found = re.findall(r"result_rows=(\d+)", (Path(str(path) + ".err")).read_text())
                    if len(found) != 1:
                        raise StepFailed(f"naker logged {len(found)} result_rows, not one")
                    run["result_rows"] = int(found[0])
                elif tool == "stream":
                    if counted["down"] == 0:
                        raise StepFailed("the proxy counted no bytes for COPY")
                else:
                    run["answer"] = json.loads(path.read_text())
                    run["query_s"] = run["answer"]["query_s"]
                runs[tool].append(run)
                log(f"sql {rows:,} rows {tool} #{rep + 1}: {run['wall']:.2f} s, {run['down']:,} B from the server "
                    f"({run['connections']} connection(s)), {run['rss_mb']:.0f} MB")
        # DuckDB's answer against naker-exporter's.
        m = parse_exposition(csv_text)
        naker_rows = {l["source"]: v for l, v in m.get("naker_source_rows", [])}.get("wub")
        naker_rejected = {l["source"]: v for l, v in m.get("naker_source_rejected_rows", [])}.get("wub")
        naker_counts = {f"{l['area']}\t{l['programme']}": v for l, v in m.get("naker_entrepreneurs", []) if v}
        answer = runs["duckdb"][-1]["answer"]
        problems = []
        if naker_rows != answer["accepted"]:
            problems.append(f"accepted rows: naker {naker_rows}, DuckDB {answer['accepted']}")
        if naker_rejected != answer["rejected"]:
            problems.append(f"rejected rows: naker {naker_rejected}, DuckDB {answer['rejected']} ({answer['rules']})")
        if naker_counts != answer["entrepreneurs"]:
            differ = sorted(k for k in set(naker_counts) | set(answer["entrepreneurs"])
                            if naker_counts.get(k) != answer["entrepreneurs"].get(k))
            problems.append(f"naker_entrepreneurs differ for {len(differ)} pairs, e.g. {differ[:3]}")
        result_rows = runs["naker"][-1]["result_rows"]
        if result_rows != answer["groups"] + len(answer["rules"]):
            problems.append(f"naker's query returned {result_rows} rows; DuckDB has {answer['groups']} groups and "
                            f"{len(answer['rules'])} rules")
        if answer["accepted"] + answer["rejected"] != rows:
            problems.append(f"DuckDB judged {answer['accepted'] + answer['rejected']} rows, not {rows}")
        if problems:
            raise StepFailed("; ".join(problems))
        summary.update(csv_wall=csv_run["wall"], csv_rss_mb=csv_run["rss_mb"], accepted=answer["accepted"],
                       rejected=answer["rejected"], rules=answer["rules"], groups=answer["groups"], days=answer["days"],
                       result_rows=result_rows, duckdb_threads=answer["threads"], duckdb_version=answer["duckdb"],
                       pairs=len(naker_counts))
        for tool, tool_runs in runs.items():
            summary[tool] = {key: median([r[key] for r in tool_runs])
                             for key in ("wall", "rss_mb", "cpu", "server_cpu", "down", "up")}
            summary[tool]["walls"] = [round(r["wall"], 3) for r in tool_runs]
            summary[tool]["bytes"] = [r["down"] for r in tool_runs]
            summary[tool]["connections"] = tool_runs[-1]["connections"]
        summary["duckdb"]["query_s"] = median([r["query_s"] for r in runs["duckdb"]])
        summary["duckdb"]["query_walls"] = [round(r["query_s"], 3) for r in runs["duckdb"]]
        summary["ratio_duckdb"] = summary["naker"]["wall"] / summary["duckdb"]["wall"]
        summary["ratio_stream_wall"] = summary["naker"]["wall"] / summary["stream"]["wall"]
        summary["ratio_bytes"] = summary["naker"]["down"] / summary["stream"]["down"]
        summary["bytes_per_result_row"] = summary["naker"]["down"] / result_rows
        return summary
    finally:
        if proxy is not None:
            proxy.close()
        if saved_passfile is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = saved_passfile
        stopped = subprocess.run([str(script), "stop", str(state)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True, timeout=180)
        if stopped.returncode != 0:
            log(f"sql: scripts/test-databases stop {state} exited {stopped.returncode}: {stopped.stderr.strip()[-300:]}")


def bench_ticks(args, work, rows):
    """serve on the big data: initial load, idle cost, one append, then unchanged-data ticks.

    Order: (1) start and wait for /-/ready (the full initial load); (2) CPU while idle, when
    only the 1 s stat poll runs (recalc_interval 1h); (3) append 1,000 rows to
    entrepreneurs.csv and poll /metrics until naker_source_rows shows them; (4) SIGHUP to a
    copy of the config with recalc_interval 1s (sources keep their cache): the first full round
    shows whether the appended file is parsed once more; (5) once that settles, every tick is a
    full recalculation with unchanged files: CPU per tick = (CPU/s - idle CPU/s) / ticks/s.
    """
    directory = dataset(work, f"rows-{rows}", rows)
    warm(directory)
    csvs = sorted(directory.glob("*.csv"))
    result = {"rows": rows, "files": len(csvs), "stat_check_us": stat_check_us(csvs)}
    base = (directory / "naker-exporter.yml").read_text()
    config = directory / "bench-serve.yml"
    config.write_text(re.sub(r"recalc_interval: \S+", "recalc_interval: 1h", base))
    path = directory / "entrepreneurs.csv"
    original = path.stat().st_size
    log(f"ticks: starting naker-exporter serve on {rows:,} rows per registry")
    naker = start_naker(args, work, directory, "ticks", config=config, level="debug")
    pid, url = naker["process"].pid, naker["url"]
    wub_rows = lambda: metric_value(url, "naker_source_rows", '{source="wub"}')
    parses = lambda: loads_logged(naker["log"], "wub")
    reuses = lambda: loads_logged(naker["log"], "wub", "reusing last load")
    append_reads = lambda: loads_logged(naker["log"], "wub", appended=True)
    try:
        result["initial_load_s"] = naker["ready_s"]
        result["rss_mb"] = rss_mb(pid)
        result["peak_rss_mb"] = peak_rss_mb(pid)
        time.sleep(1.5)
        c0, t0 = cpu_seconds(pid), time.monotonic()
        time.sleep(args.tick_seconds)
        idle = (cpu_seconds(pid) - c0) / (time.monotonic() - t0)
        result["idle_cpu_ms_per_s"] = idle * 1000

        # (3) the append; the file is restored after the daemon stops, so the data stays reusable.
        try:
            before, appends_before, c0 = parses(), append_reads(), cpu_seconds(pid)
            appended_at = time.monotonic()
            result["append_bytes"] = append_rows(path, "00")
            wait_until("append visible in /metrics", lambda: wub_rows() == rows + 1000, timeout=args.run_timeout,
                       interval=0.05, process=naker["process"], log_path=naker["log"])
            result["append_visible_s"] = time.monotonic() - appended_at
            time.sleep(1.0)
            result["append_parses"] = parses() - before
            result["append_reads"] = append_reads() - appends_before
            result["append_cpu_s"] = cpu_seconds(pid) - c0
            log(f"  append: visible after {result['append_visible_s']:.2f} s, {result['append_parses']} full parse(s), "
                f"{result['append_reads']} read(s) of the appended bytes only")

            # (4) the next full round.
            config.write_text(re.sub(r"recalc_interval: \S+", "recalc_interval: 1s", base))
            before, reused, c0, t0 = parses(), reuses(), cpu_seconds(pid), time.monotonic()
            naker["process"].send_signal(signal.SIGHUP)
            # With --log.level=debug the daemon logs a reuse of the cached load; a parse logs "source loaded".
            wait_until("first full round after the append", lambda: reuses() > reused or parses() > before,
                       timeout=args.run_timeout, interval=0.1, process=naker["process"], log_path=naker["log"])
            result["next_round_parses"] = parses() - before
            result["next_round_s"] = time.monotonic() - t0
            result["next_round_cpu_s"] = cpu_seconds(pid) - c0
            log(f"  next full round: {result['next_round_parses']} more full parse(s) of the appended file")

            # (5) unchanged-data ticks (30 s windows: /proc CPU times count in 10 ms steps): every file is settled now, so each tick only stats and recomputes.
            time.sleep(2.0)
            # CPU between two recalculations, counted from the daemon's debug log: polling /metrics
            # to see them would cost the daemon more than the ticks themselves (a 270 KB body per
            # poll), so nothing is scraped during the window.
            loads0 = parses()
            recalcs = lambda: recalculations_logged(naker["log"])
            first = recalcs()
            wait_until("a recalculation tick", lambda: len(recalcs()) > len(first), timeout=args.run_timeout,
                       interval=0.02)
            r0, c0, t0 = len(recalcs()), cpu_seconds(pid), time.monotonic()
            r1, c1, t1 = r0, c0, t0
            while time.monotonic() - t0 < args.tick_window or r1 - r0 < 2:
                if time.monotonic() - t0 > args.run_timeout:
                    raise StepFailed("fewer than 2 recalculation ticks within the time limit")
                time.sleep(0.02)
                current = len(recalcs())
                if current > r1:
                    r1, c1, t1 = current, cpu_seconds(pid), time.monotonic()
            durations = recalcs()[r0:r1]
            elapsed = t1 - t0
            busy = (c1 - c0) / elapsed
            ticks = r1 - r0
            result["full_tick_cpu_ms_per_s"] = busy * 1000
            result["ticks_counted"] = ticks
            result["ticks_window_s"] = elapsed
            result["unchanged_tick_cpu_ms"] = (c1 - c0 - idle * elapsed) * 1000 / ticks
            result["unchanged_tick_wall_ms"] = elapsed * 1000 / ticks
            result["reparses_during_ticks"] = parses() - loads0
            result["recalc_duration_ms_reported"] = median([d * 1000 for d in durations if d is not None])
            result["rss_after_mb"] = rss_mb(pid)
            result["peak_rss_after_mb"] = peak_rss_mb(pid)
        finally:
            stop(naker["process"])
            os.truncate(path, original)
    finally:
        stop(naker["process"])
    return result


# ---------------------------------------------------------------------------------------------
# report


# ---------------------------------------------------------------------------------------------
# 7. the status page at 50 targets x 300 areas


def status_config(directory, areas):
    """The generated config with 50 targets instead of its six: 20 WUB counts (every programme,
    four windows), 10 trainee counts, 10 survey levels, 5 proxies, 5 active job-seeker levels."""
    sys.path.insert(0, str(HERE))
    import generate
    names = generate.area_names(areas)
    base = (directory / "naker-exporter.yml").read_text()
    lines = [base.split("targets:")[0] + "targets:"]
    windows = [("2021-01-01", "2026-12-31"), ("2021-01-01", "2024-12-31"), ("2025-01-01", "2029-12-31"),
               ("2023-01-01", "2027-12-31")]
    for index in range(20):
        start, end = windows[index // 5]
        lines.append(f"  - {{ name: wub_{index}, description: \"Wirausaha baru {index}\", indicator: entrepreneurs, "
                     f"where: {{ programme: {generate.PROGRAMMES[index % 5]} }}, goal: 5000, start: {start}, end: {end} }}")
    for index in range(10):
        start, end = windows[index % 4]
        lines.append(f"  - {{ name: pelatihan_{index}, indicator: trainees, goal: 20000, start: {start}, end: {end}, "
                     f"milestones: {{ 2023-12-31: 4000 }} }}" if start < "2023" else
                     f"  - {{ name: pelatihan_{index}, indicator: trainees, goal: 20000, start: {start}, end: {end} }}")
    for index in range(10):
        indicator = "open_unemployment" if index % 2 else "labour_force_participation"
        goal, direction = (0.04, "at_most") if index % 2 else (0.7, "at_least")
        area = generate.REGION if index == 0 else names[index]
        lines.append(f"  - {{ name: survey_{index}, indicator: {indicator}, area: \"{area}\", goal: {goal}, "
                     f"direction: {direction}, end: 2026-12-31 }}")
    for index in range(5):
        lines.append(f"  - {{ name: proxy_{index}, indicator: unemployment_proxy, area: \"{names[index]}\", goal: 0.05, "
                     f"direction: at_most, end: 2026-12-31 }}")
    for index in range(5):
        lines.append(f"  - {{ name: aktif_{index}, indicator: job_seekers_active, goal: 100000, direction: at_most, "
                     f"start: 2024-01-01, end: 2026-12-31 }}")
    path = directory / "status-50-targets.yml"
    path.write_text("\n".join(lines) + "\n")
    return path


def bench_status(args, work, rows, areas=300):
    directory = dataset(work, f"status-{areas}", rows, areas=areas)
    config = status_config(directory, areas)
    naker = start_naker(args, work, directory, "status", config=config)
    try:
        base = naker["base"]
        results = {"rows": rows, "areas": areas}
        for path in ["/", "/api/v1/status"]:
            status, body = http_get(base + path)
            if status != 200:
                raise StepFailed(f"{path} answered {status}")
            # One keep-alive connection, requests one after another: each time is one render plus
            # a loopback transfer, so it bounds the render from above.
            connection = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=30)
            times = []
            for _ in range(args.status_requests):
                began = time.perf_counter()
                connection.request("GET", path)
                answer = connection.getresponse()
                answer.read()
                times.append(time.perf_counter() - began)
            connection.close()
            times.sort()
            results[path] = {"bytes": len(body), "median_ms": median(times) * 1000,
                             "p90_ms": times[int(len(times) * 0.9)] * 1000, "requests": len(times),
                             "charts": body.count(b"<svg class=\"chart\"")}
        results["targets"] = results["/"]["charts"]
        log(f"status page: {results['/']['bytes']:,} bytes, median {results['/']['median_ms']:.1f} ms")
        return results
    finally:
        stop(naker["process"])


def fmt(value, digits=2, unit=""):
    if value is None:
        return "n/a"
    if isinstance(value, float) and abs(value) >= 1000:
        return f"{value:,.0f}{unit}"
    return f"{value:,.{digits}f}{unit}"


def report(results, args):
    out = []
    machine = results["machine"]
    out.append(f"## Results ({'smoke' if args.smoke else 'full'} run, {machine['date']})\n")
    out.append(f"Machine: {machine['nproc']} cores, {machine['cpu']}, {machine['memory_gib']:.1f} GiB; "
               f"binary `{machine['binary']}`; {args.reps} alternating runs per cell ({args.server_reps} for the wrk sections), medians. "
               f"Load average (1/5/15 min) at start {machine['load_start']}, at end {machine.get('load_end')}.\n")
    if "recalc" in results:
        out.append("### 1. Recalculation from CSV: `naker-exporter once` vs DuckDB\n")
        out.append("| rows per registry | CSV bytes | naker wall | DuckDB wall (threads) | DuckDB wall (1 thread) "
                   "| naker / DuckDB | naker / DuckDB 1t | naker peak RSS | RSS goal | DuckDB peak RSS | DuckDB 1t peak RSS | numbers agree |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in results["recalc"]:
            out.append(
                f"| {r['rows']:,} | {r['bytes'] / 2**20:,.0f} MiB | {fmt(r['naker']['wall'])} s | "
                f"{fmt(r['duckdb']['wall'])} s ({r['duckdb_threads']}) | {fmt(r['duckdb-1t']['wall'])} s | "
                f"**{r['ratio_default']:.2f}** | {r['ratio_1t']:.2f} | {fmt(r['naker']['rss_mb'], 0)} MB | "
                f"{fmt(r['rss_goal_mb'], 0)} MB | {fmt(r['duckdb']['rss_mb'], 0)} MB | {fmt(r['duckdb-1t']['rss_mb'], 0)} MB | "
                f"yes ({r['agreed_numbers']:,}) |")
        out.append("")
        out.append("DuckDB wall includes starting Python and importing duckdb "
                   f"({fmt(results['recalc'][0]['duckdb_import_wall'])} s, {fmt(results['recalc'][0]['duckdb_import_rss_mb'], 0)} MB "
                   "RSS for `import duckdb` alone); its queries alone took "
                   + ", ".join(f"{fmt(r['duckdb']['query_s'])} s / {fmt(r['duckdb-1t']['query_s'])} s (1t) at {r['rows']:,}"
                               for r in results["recalc"]) + ". CPU seconds (user+sys): "
                   + ", ".join(f"naker {fmt(r['naker']['cpu'], 1)}, DuckDB {fmt(r['duckdb']['cpu'], 1)}, 1t {fmt(r['duckdb-1t']['cpu'], 1)} at {r['rows']:,}"
                               for r in results["recalc"]) + ".\n")
        out.append("Throughput (CSV bytes / median wall): " + "; ".join(
            f"{r['rows']:,}: naker {r['bytes'] / 2**20 / r['naker']['wall']:,.0f} MiB/s, DuckDB {r['bytes'] / 2**20 / r['duckdb']['wall']:,.0f} MiB/s, "
            f"DuckDB 1t {r['bytes'] / 2**20 / r['duckdb-1t']['wall']:,.0f} MiB/s" for r in results["recalc"]) + ".\n")
        out.append("Per-run wall times: " + "; ".join(
            f"{r['rows']:,}: naker {r['naker']['walls']}, DuckDB {r['duckdb']['walls']}, 1t {r['duckdb-1t']['walls']}"
            for r in results["recalc"]) + "\n")
        out.append("One registry alone (`one-registry.yml`: the entrepreneurs file and its count target; "
                   "DuckDB `--only entrepreneurs`, the same GROUP BY):\n")
        out.append("| rows | file | naker wall | DuckDB wall | naker / DuckDB | naker CPU | naker peak RSS | RSS goal | numbers agree |"
                   + (" before: wall | before / DuckDB | before CPU | before peak RSS |" if args.before else ""))
        out.append("|---|---|---|---|---|---|---|---|---|" + ("---|---|---|---|" if args.before else ""))
        for r in results["recalc"]:
            line = (f"| {r['rows']:,} | {r['one_registry_bytes'] / 2**20:,.0f} MiB | {fmt(r['naker-1r']['wall'])} s | "
                    f"{fmt(r['duckdb-1r']['wall'])} s | **{r['ratio_one']:.2f}** | {fmt(r['naker-1r']['cpu'], 1)} s | "
                    f"{fmt(r['naker-1r']['rss_mb'], 0)} MB | {fmt(r['rss_goal_one_mb'], 0)} MB | yes ({r['agreed_one_registry']:,}) |")
            if args.before:
                b = r["naker-before-1r"]
                line += f" {fmt(b['wall'])} s | {r['ratio_one_before']:.2f} | {fmt(b['cpu'], 1)} s | {fmt(b['rss_mb'], 0)} MB |"
            out.append(line)
        out.append("\nPer-run wall times, one registry: " + "; ".join(
            f"{r['rows']:,}: naker {r['naker-1r']['walls']}, DuckDB {r['duckdb-1r']['walls']}"
            + (f", before {r['naker-before-1r']['walls']}" if args.before else "") for r in results["recalc"]) + "\n")
        if args.before:
            out.append("Before (`" + args.before + "`), all registries: " + "; ".join(
                f"{r['rows']:,}: {fmt(r['naker-before']['wall'])} s ({r['ratio_before']:.2f}× DuckDB), CPU "
                f"{fmt(r['naker-before']['cpu'], 1)} s, peak RSS {fmt(r['naker-before']['rss_mb'], 0)} MB, runs {r['naker-before']['walls']}"
                for r in results["recalc"]) + ".\n")
    if "qe" in results:
        q = results["qe"]
        out.append(f"### 2. Serving the same data ({q['rows']:,} rows per registry): naker-exporter vs query-exporter (SQLite; wrk 50 connections, {args.qe_seconds} s per run)\n")
        out.append("| exporter | series | body | req/s | p50 | p99 | CPU per scrape | RSS | start until data served |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for name in ("naker-exporter", "query-exporter"):
            s = q[name]
            out.append(f"| {name} | {s['series']:,} | {s['body_bytes']:,} B | {fmt(s['rps'], 0)} | {fmt(s['p50_ms'])} ms | "
                       f"{fmt(s['p99_ms'])} ms | {fmt(s['cpu_ms_per_req'], 3)} ms | {fmt(s['rss_mb'], 0)} MB | {fmt(s['ready_s'], 1)} s |")
        out.append(f"\nnaker-exporter / query-exporter throughput: **{fmt(q['ratio'], 1)}x** (goal >= 10x). "
                   f"Runs (req/s): naker {q['naker-exporter']['rps_runs']}, query-exporter {q['query-exporter']['rps_runs']}.\n")
    if "series" in results:
        out.append("### 3. `/metrics` throughput by series count (wrk, 50 connections, same body; "
                   + ", ".join(f"{r['wrk_seconds']} s" for r in results["series"]) + " per run)\n")
        out.append("| series | body | naker req/s | node_exporter req/s | nginx req/s | naker / node | naker / nginx "
                   "| naker p50 / p99 | node p50 / p99 | nginx p50 / p99 | CPU per scrape naker / node / nginx | RSS naker / node / nginx |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in results["series"]:
            n, e, x = r["naker-exporter"], r["node_exporter"], r["nginx"]
            out.append(
                f"| {r['series']:,} | {n['body_bytes']:,} B | {fmt(n['rps'], 0)} | {fmt(e['rps'], 0)} | {fmt(x['rps'], 0)} | "
                f"**{fmt(r['vs_node'])}** | **{fmt(r['vs_nginx'])}** | {fmt(n['p50_ms'])} / {fmt(n['p99_ms'])} ms | "
                f"{fmt(e['p50_ms'])} / {fmt(e['p99_ms'])} ms | {fmt(x['p50_ms'])} / {fmt(x['p99_ms'])} ms | "
                f"{fmt(n['cpu_ms_per_req'], 3)} / {fmt(e['cpu_ms_per_req'], 3)} / {fmt(x['cpu_ms_per_req'], 3)} ms | "
                f"{fmt(n['rss_mb'], 0)} / {fmt(e['rss_mb'], 0)} / {fmt(x['rss_mb'], 0)} MB |")
        out.append("\nBody sizes as served (node_exporter adds its textfile and scrape-collector series): " + "; ".join(
            f"{r['series']:,}: node {r['node_exporter']['body_bytes']:,} B / nginx {r['nginx']['body_bytes']:,} B"
            for r in results["series"]) + ". Runs (req/s): " + "; ".join(
            f"{r['series']:,}: naker {r['naker-exporter']['rps_runs']}, node {r['node_exporter']['rps_runs']}, nginx {r['nginx']['rps_runs']}"
            for r in results["series"]) + "\n")
        out.append("p99 as a ratio to nginx's p99 on the same body in the same run (goal ≤ 1.0): " + "; ".join(
            f"{r['series']:,}: **{fmt(r['p99_vs_nginx'])}**" + (f" (before {fmt(r['before_p99_vs_nginx'])})" if args.before else "")
            for r in results["series"]) + ".")
        if args.before:
            out.append("Before (`" + args.before + "`), same runs: " + "; ".join(
                f"{r['series']:,}: {fmt(r['naker-before']['rps'], 0)} req/s = {fmt(r['before_vs_nginx'])} of nginx, "
                f"p50 / p99 {fmt(r['naker-before']['p50_ms'])} / {fmt(r['naker-before']['p99_ms'])} ms, "
                f"{fmt(r['naker-before']['cpu_ms_per_req'], 3)} ms CPU per scrape, runs {r['naker-before']['rps_runs']}"
                for r in results["series"]) + ".")
        out.append("")
    if "xlsx" in results:
        x = results["xlsx"]
        out.append(f"### 5. One {x['rows']:,}-row registry as an Excel workbook ({x['bytes'] / 2**20:,.1f} MiB, XlsxWriter: shared strings, date cells)\n")
        out.append("| tool | does | wall | / naker | peak RSS |")
        out.append("|---|---|---|---|---|")
        out.append(f"| naker-exporter `once` | reads the sheet, applies the row rules, counts, renders | "
                   f"{fmt(x['naker']['wall'])} s | 1.00 | {fmt(x['naker']['rss_mb'], 0)} MB |")
        for tool, label in (("calamine", "python-calamine (Rust), `iter_rows`"), ("openpyxl", "openpyxl, `read_only=True`")):
            out.append(f"| {label} | reads every cell | {fmt(x[tool]['wall'])} s | "
                       f"{x[tool]['wall'] / x['naker']['wall']:.2f} | {fmt(x[tool]['rss_mb'], 0)} MB |")
        out.append("")
        out.append(f"naker / calamine **{x['ratio_calamine']:.2f}**, naker / openpyxl {x['ratio_openpyxl']:.2f}; "
                   f"the same registry as CSV: {fmt(x['csv_wall'])} s, identical metrics. Per-run walls: "
                   + "; ".join(f"{tool} {x[tool]['walls']}" for tool in ("naker", "calamine", "openpyxl")) + "\n")
    if "sql" in results:
        q = results["sql"]
        out.append(f"### 6. A {q['rows']:,}-row PostgreSQL table: the `sql:` source vs streaming the rows vs DuckDB on its CSV "
                   f"({q['reps']} alternating runs, medians)\n")
        out.append(f"PostgreSQL {q['server_version']} from `scripts/test-databases` (work_mem {q['work_mem']}, shared_buffers "
                   f"{q['shared_buffers']}; table {q['table_bytes'] / 2**20:,.0f} MiB, generated in {fmt(q['generate_s'], 1)} s; "
                   f"CSV export {q['csv_bytes'] / 2**20:,.0f} MiB in {fmt(q['export_s'], 1)} s). {q['accepted']:,} rows accepted, "
                   f"{q['rejected']:,} rejected ({', '.join(f'{k} {v:,}' for k, v in sorted(q['rules'].items()))}); "
                   f"the query returned {q['result_rows']:,} rows: {q['groups']:,} groups (day × area × programme, {q['days']:,} days) "
                   f"and {len(q['rules'])} rule counts.\n")
        out.append("| contender | does | wall | / naker | bytes from the server | bytes / result row | CPU client / PostgreSQL | peak RSS (client) |")
        out.append("|---|---|---|---|---|---|---|---|")
        n = q["naker"]
        for tool, label, does in (("naker", "naker-exporter `once`, `sql:` source", "one aggregating query; renders the metrics"),
                                  ("stream", "psql `COPY (SELECT …) TO STDOUT`", "streams the 6 columns of every row"),
                                  ("duckdb", f"DuckDB {q['duckdb_version']} ({q['duckdb_threads']} threads) on the CSV export",
                                   "parses the CSV, the same rules and earliest-dated id, counts")):
            r = q[tool]
            moved = f"{r['down']:,.0f} B" if tool != "duckdb" else "— (reads the file)"
            per = f"{r['down'] / q['result_rows']:,.1f}" if tool != "duckdb" else "—"
            out.append(f"| {label} | {does} | {fmt(r['wall'])} s | {r['wall'] / n['wall']:.2f} | {moved} | {per} | "
                       f"{fmt(r['cpu'], 1)} / {fmt(r['server_cpu'], 1) if tool != 'duckdb' else '—'} s | {fmt(r['rss_mb'], 0)} MB |")
        out.append("")
        out.append(f"naker / DuckDB **{q['ratio_duckdb']:.2f}** (DuckDB's query alone, CSV parsing included: {fmt(q['duckdb']['query_s'])} s); "
                   f"naker / streaming {q['ratio_stream_wall']:.2f} in time; bytes naker / streaming **{q['ratio_bytes']:.5f}** "
                   f"(1 / {1 / q['ratio_bytes']:,.1f}); {fmt(q['bytes_per_result_row'], 1)} B per result row. "
                   f"`once` on the exported CSV: {fmt(q['csv_wall'])} s, byte-identical output. Per-run walls: "
                   + "; ".join(f"{tool} {q[tool]['walls']}" for tool in ("naker", "stream", "duckdb"))
                   + f"; DuckDB queries {q['duckdb']['query_walls']}. Bytes per run: naker {q['naker']['bytes']}, streaming {q['stream']['bytes']}.\n")
    if "ticks" in results:
        t = results["ticks"]
        out.append(f"### 4. Unchanged-data tick and a 1,000-row append ({t['rows']:,} rows per registry, `serve`)\n")
        out.append("| measure | value |")
        out.append("|---|---|")
        out.append(f"| initial load until `/-/ready` (full parse of {t['files']} files) | {fmt(t['initial_load_s'])} s |")
        out.append(f"| resident memory after the load / peak | {fmt(t['rss_mb'], 0)} MB / {fmt(t['peak_rss_mb'], 0)} MB |")
        out.append(f"| the change check: stat(2) of {t['files']} files (Python loop, per check) | {fmt(t['stat_check_us'])} µs |")
        out.append(f"| daemon CPU while idle (only the 1 s stat poll; recalc_interval 1h) | {fmt(t['idle_cpu_ms_per_s'])} ms per s |")
        out.append(f"| append 1,000 rows ({fmt(t['append_bytes'] / 1024, 0)} KiB) to the {t['rows']:,}-row entrepreneurs.csv: until `/metrics` shows them | **{fmt(t['append_visible_s'])} s** |")
        out.append(f"| full parses of that file for the append / reads of the appended bytes only (daemon log) / daemon CPU | {t['append_parses']} / {t.get('append_reads', 'n/a')} / {fmt(t['append_cpu_s'], 2)} s |")
        out.append(f"| full parses of the same file again at the next full round (unchanged since) | {t['next_round_parses']} ({fmt(t['next_round_cpu_s'], 1)} CPU s) |")
        out.append(f"| daemon CPU with recalc_interval 1s (a full recalculation each tick, files unchanged) | {fmt(t['full_tick_cpu_ms_per_s'])} ms per s |")
        out.append(f"| CPU of one unchanged-data recalculation tick ({fmt(t['ticks_counted'], 0)} ticks in {fmt(t['ticks_window_s'], 1)} s, {t['reparses_during_ticks']} reparses; tick every {fmt(t['unchanged_tick_wall_ms'], 0)} ms; /proc CPU times count in 10 ms steps, so ± {fmt(20 / max(1, t['ticks_counted']))} ms) | **{fmt(t['unchanged_tick_cpu_ms'])} ms** |")
        out.append(f"| `duration_seconds` the daemon logged for those ticks (median; the same value as `naker_recalc_duration_seconds`) | {fmt(t['recalc_duration_ms_reported'], 3)} ms |")
        out.append(f"| resident memory at the end / peak | {fmt(t['rss_after_mb'], 0)} MB / {fmt(t['peak_rss_after_mb'], 0)} MB |")
        out.append("")
    if "status" in results:
        st = results["status"]
        out.append(f"### 7. The status page: {st['targets']} targets over {st['areas']} areas ({st['rows']:,} rows per registry)\n")
        out.append("Requests one after another on one keep-alive connection; each time is a render plus the loopback "
                   "transfer, so it bounds the server-side render from above.\n")
        out.append("| path | body | median | p90 | requests | goal |")
        out.append("|---|---|---|---|---|---|")
        for path, goal in [("/", "< 200 KB, < 50 ms"), ("/api/v1/status", "")]:
            r = st[path]
            out.append(f"| `{path}` | {r['bytes'] / 1000:,.1f} KB | **{fmt(r['median_ms'], 1)} ms** | {fmt(r['p90_ms'], 1)} ms | "
                       f"{r['requests']} | {goal} |")
        out.append("")
    if "idle" in results:
        i = results["idle"]
        out.append(f"### 8. The idle daemon on the sample (`Config/naker-exporter.yml`, recalculating every 2 s)\n")
        out.append(f"Resident memory {i['idle_seconds']} s after ready, 20 scrapes, the status page and its JSON and one more "
                   "round (`/proc/PID/status`), median of the runs:\n")
        out.append("| binary | resident | anonymous | file pages | at ready | peak | threads | runs (MB) |")
        out.append("|---|---|---|---|---|---|---|---|")
        for name in ("before", "after"):
            if name in i:
                r = i[name]
                out.append(f"| {name} | **{fmt(r['rss_mb'], 1)} MB** | {fmt(r['anon_mb'], 1)} MB | {fmt(r['file_mb'], 1)} MB | "
                           f"{fmt(r['ready_rss_mb'], 1)} MB | {fmt(r['peak_mb'], 1)} MB | {r['threads']} | {r['rss_runs']} |")
        out.append("\nWhat holds it (`/proc/PID/smaps`, resident KiB of the median run):\n")
        names = sorted(set().union(*(i[n]["parts_kib"] for n in ("before", "after") if n in i)),
                       key=lambda k: -i["after"]["parts_kib"].get(k, 0))
        out.append("| part | " + " | ".join(n for n in ("before", "after") if n in i) + " |")
        out.append("|---|" + "---|" * len([n for n in ("before", "after") if n in i]))
        for name in names:
            out.append(f"| {name} | " + " | ".join(f"{i[n]['parts_kib'].get(name, 0):,}" for n in ("before", "after") if n in i) + " |")
        out.append("")
    out.append(f"Total time of this run: {results['elapsed_s'] / 60:.1f} min.")
    if FAILURES:
        out.append("\n**FAILURES:**\n" + "\n".join(f"- {f}" for f in FAILURES))
    return "\n".join(out) + "\n"


def machine(binary):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        memory = int(f.readline().split()[1]) / 2**20
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": memory, "binary": str(binary),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load_start": loadavg()}


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    parser = argparse.ArgumentParser(description="naker-exporter benchmark suite")
    parser.add_argument("--binary", default=str(ROOT / ".build-bench/release/naker-exporter"))
    parser.add_argument("--smoke", action="store_true", help="small and fast: checks the scripts end to end")
    parser.add_argument("--work", help="data and logs (default .build-bench/data, smoke: .build-bench/smoke)")
    parser.add_argument("--sections", default="recalc,qe,series,ticks,xlsx,sql,status,idle")
    parser.add_argument("--skip-install", action="store_true")
    parser.add_argument("--reps", type=int)
    parser.add_argument("--before", help="an earlier naker-exporter binary, run alternately for before -> after")
    args = parser.parse_args()
    if args.before:
        args.before = str(Path(args.before).resolve())
    if args.smoke:
        sizes, qe_rows, tick_rows, xlsx_rows, sql_rows = [10_000], 10_000, 10_000, 10_000, 20_000
        args.sql_reps = args.reps or 1
        args.reps = args.reps or 2
        args.server_reps = 1
        args.qe_seconds, args.tick_seconds, args.tick_window = 2, 2, 4
        args.series_seconds = {100: 2, 1000: 2, 10000: 2}
        args.run_timeout = 120
        args.status_requests, status_rows = 10, 20_000
        args.idle_seconds = 2
    else:
        sizes, qe_rows, tick_rows, xlsx_rows, sql_rows = [1_000_000, 10_000_000], 1_000_000, 10_000_000, 1_000_000, 10_000_000
        args.reps = args.reps or 3
        args.sql_reps = args.reps
        args.server_reps = args.reps
        args.qe_seconds, args.tick_seconds, args.tick_window = 5, 30, 30
        # node_exporter needs seconds per scrape at 10,000 series under 50 connections.
        args.series_seconds = {100: 3, 1000: 3, 10000: 5}
        args.run_timeout = 900
        args.status_requests, status_rows = 200, 500_000
        args.idle_seconds = 10
    args.binary = str(Path(args.binary).resolve())
    work = Path(args.work or ROOT / (".build-bench/smoke" if args.smoke else ".build-bench/data")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    sections = set(args.sections.split(","))
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"run.py: no naker-exporter binary at {args.binary} (build it first)")
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: (cleanup(), sys.exit(130)))

    results = {"machine": machine(args.binary)}
    status = 0
    try:
        ensure_peers(args.skip_install)
        steps = [("recalc", lambda: bench_recalc(args, work, sizes)),
                 ("qe", lambda: bench_query_exporter(args, work, qe_rows)),
                 ("series", lambda: bench_series(args, work, [100, 1000, 10000])),
                 ("ticks", lambda: bench_ticks(args, work, tick_rows)),
                 ("xlsx", lambda: bench_xlsx(args, work, xlsx_rows)),
                 ("sql", lambda: bench_sql(args, work, sql_rows)),
                 ("status", lambda: bench_status(args, work, status_rows)),
                 ("idle", lambda: bench_idle(args, work))]
        for name, step in steps:
            if name not in sections:
                continue
            log(f"section {name}")
            try:
                results[name] = step()
            except (StepFailed, subprocess.SubprocessError, OSError) as error:
                FAILURES.append(f"{name}: {error}")
                log(f"FAILED {name}: {error}")
    finally:
        cleanup()
    results["elapsed_s"] = time.monotonic() - T0
    results["machine"]["load_end"] = loadavg()
    results["failures"] = FAILURES
    (work / "results.json").write_text(json.dumps(results, indent=2, default=str))
    try:
        text = report(results, args)
    except Exception as error:  # noqa: BLE001 - a report bug must not hide the results file
        FAILURES.append(f"report: {error!r}")
        text = f"report failed: {error!r}; see {work / 'results.json'}\n"
    (work / "results.md").write_text(text)
    print(text)
    if FAILURES:
        status = 1
        print(f"bench: {len(FAILURES)} step(s) failed", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
