#!/usr/bin/env python3
"""The SQL side of the benchmark (run.py section `sql`).

    sql_tools.py duckdb REGISTRY.csv AT   DuckDB over the CSV export of the PostgreSQL table: the
                                          row rules, the earliest-dated row of each id, counts per
                                          (day, area, programme); prints JSON (totals, groups,
                                          counts per area and programme up to AT, query seconds)

Imported by run.py for the rest: the table's generating SQL (`table_sql`), a counting TCP proxy
(`CountingProxy`) and the helpers that keep passwords out of command lines and logs (a pgpass
file; DSN files written 0600).
"""
import json
import os
import socket
import sys
import threading
import time
import urllib.parse

AREAS = ["Sukarami", "Kemuning", "Ilir Barat I", "Ilir Timur II", "Seberang Ulu I", "Kertapati", "Plaju",
         "Sako", "Kalidoni", "Bukit Kecil", "Gandus", "Tanjung Raya, Utara"]  # the last one is quoted in CSV
PROGRAMMES = ["bengkel-sahabat", "wub-mandiri", "kur-mikro"]
SECTORS = ["kuliner", "fesyen", "kriya", "jasa", "pertanian"]
STATUSES = ["aktif", "tidak-aktif"]


def _array(values):
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def table_sql(table, rows):
    """CREATE TABLE for `rows` entrepreneurs, generated inside PostgreSQL, deterministic.

    Day: 2021-01-01 + (g * 7919) % 2190 (six years); area, programme, sector and status from a
    hash of g, so every day has (nearly) every area × programme. Rows that the rules reject:
      g % 1000 = 0      repeats the id of row g - 500 with a later date (duplicate_id; the earlier
                        row comes first in the table and in its CSV export, so "earliest-dated"
                        and "first in the file" pick the same row)
      g % 10000 = 1234  registered_on '2024-02-30' (bad_date)
      g % 10000 = 6234  an empty area (missing:area)
    and every 97th area is padded with spaces (trimmed by every reader; still valid).
    """
    day = "(DATE '2021-01-01' + ((g * 7919) % 2190)::int)"
    earlier_day = "(DATE '2021-01-01' + (((g - 500) * 7919) % 2190)::int + 1 + ((g / 1000) % 60)::int)"
    area = f"({_array(AREAS)})[1 + h % 12]"
    return f"""
        DROP TABLE IF EXISTS {table};
        CREATE TABLE {table} AS
        WITH s AS (SELECT g, (hashint8(g) & 2147483647)::bigint AS h FROM generate_series(1::bigint, {rows}::bigint) g)
        SELECT
          'WUB-' || lpad((CASE WHEN g % 1000 = 0 THEN g - 500 ELSE g END)::text, 9, '0') AS id,
          CASE WHEN g % 10000 = 1234 THEN '2024-02-30'
               WHEN g % 1000 = 0 THEN {earlier_day}::text
               ELSE {day}::text END AS registered_on,
          CASE WHEN g % 10000 = 6234 THEN ''
               WHEN g % 97 = 0 THEN ' ' || {area} || '  '
               ELSE {area} END AS area,
          ({_array(PROGRAMMES)})[1 + (h / 12) % 3] AS programme,
          ({_array(SECTORS)})[1 + (h / 36) % 5] AS sector,
          ({_array(STATUSES)})[1 + (h / 180) % 2] AS status
        FROM s ORDER BY g;
        ANALYZE {table};
        """


# ---------------------------------------------------------------------------------------------
# secrets: never printed


def read_env(path):
    """DIR/env of scripts/test-databases as a dict (KEY=value lines)."""
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                values[key] = value
    return values


def dsn_parts(path):
    """user, password, database of a libpq URL file."""
    with open(path) as f:
        url = urllib.parse.urlsplit(f.read().strip())
    return (urllib.parse.unquote(url.username or ""), urllib.parse.unquote(url.password or ""),
            url.path.lstrip("/"))


def write_private(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def write_dsn(path, user, password, database, port, extra="sslmode=disable"):
    q = urllib.parse.quote
    write_private(path, f"postgresql://{q(user, safe='')}:{q(password, safe='')}@127.0.0.1:{port}/{database}?{extra}\n")


def write_pgpass(path, entries):
    """entries: (port, database, user, password); psql finds the password here (PGPASSFILE), so
    no command line holds it."""
    def esc(value):
        return str(value).replace("\\", "\\\\").replace(":", "\\:")
    write_private(path, "".join(f"127.0.0.1:{port}:{esc(db)}:{esc(user)}:{esc(pw)}\n"
                                for port, db, user, pw in entries))


def conninfo(port, user, database, sslmode="disable"):
    """A keyword conninfo without a password (it comes from the pgpass file)."""
    return f"host=127.0.0.1 port={port} user={user} dbname={database} sslmode={sslmode} connect_timeout=10"


# ---------------------------------------------------------------------------------------------
# a TCP proxy that counts bytes


class CountingProxy:
    """127.0.0.1:port → 127.0.0.1:upstream; counts bytes server→client and client→server over
    every connection since the last reset()."""

    def __init__(self, upstream_port):
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.down = self.up = self.connections = 0
        self.open = 0
        self.per_connection = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self):
        with self.lock:
            self.down = self.up = self.connections = 0
            self.per_connection = []

    def idle(self, timeout=10.0):
        """Waits until every proxied connection has closed (so the counts are final)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.open == 0:
                    return True
            time.sleep(0.01)
        return False

    def totals(self):
        with self.lock:
            return {"down": self.down, "up": self.up, "connections": self.connections,
                    "per_connection_down": list(self.per_connection)}

    def close(self):
        self.closed = True
        try:
            self.listener.close()
        except OSError:
            pass

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=10)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.lock:
                self.connections += 1
                self.open += 1
                index = len(self.per_connection)
                self.per_connection.append(0)
            state = {"left": 2}
            threading.Thread(target=self._pump, args=(server, client, True, index, state), daemon=True).start()
            threading.Thread(target=self._pump, args=(client, server, False, index, state), daemon=True).start()

    def _pump(self, source, target, downstream, index, state):
        buffer = bytearray(1 << 20)
        view = memoryview(buffer)
        try:
            while True:
                n = source.recv_into(buffer)
                if n == 0:
                    break
                target.sendall(view[:n])
                with self.lock:
                    if downstream:
                        self.down += n
                        if index < len(self.per_connection):
                            self.per_connection[index] += n
                    else:
                        self.up += n
        except OSError:
            pass
        finally:
            for s, how in ((target, socket.SHUT_WR), (source, socket.SHUT_RD)):
                try:
                    s.shutdown(how)
                except OSError:
                    pass
            with self.lock:
                state["left"] -= 1
                if state["left"] == 0:
                    self.open -= 1
                    source.close()
                    target.close()


# ---------------------------------------------------------------------------------------------
# DuckDB over the CSV export


def duckdb_answer(path, at):
    import duckdb

    began = time.perf_counter()
    con = duckdb.connect()
    # One query, as naker-exporter's: judge every row, rank the valid rows within their id, then
    # count the first of each id under (day, area, programme) and the others under their rule.
    result = con.execute(f"""
        WITH raw AS (
          SELECT trim(coalesce(id, '')) AS id_, trim(coalesce(registered_on, '')) AS d_,
                 trim(coalesce(area, '')) AS area_, trim(coalesce(programme, '')) AS prog_
          FROM read_csv('{path}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')),
        judged AS (
          SELECT *, CASE WHEN id_ = '' THEN 'missing:id'
                         WHEN d_ = '' THEN 'missing:registered_on'
                         WHEN NOT (length(d_) = 10 AND try_strptime(d_, '%Y-%m-%d') IS NOT NULL) THEN 'bad_date:registered_on'
                         WHEN area_ = '' THEN 'missing:area' END AS reason_
          FROM raw),
        ranked AS (
          SELECT d_, area_, prog_, row_number() OVER (PARTITION BY id_ ORDER BY d_, area_, prog_) AS n_
          FROM judged WHERE reason_ IS NULL)
        SELECT 'n', d_, area_, prog_, count(*) FROM ranked WHERE n_ = 1 GROUP BY ALL
        UNION ALL SELECT 'r', reason_, '', '', count(*) FROM judged WHERE reason_ IS NOT NULL GROUP BY ALL
        UNION ALL SELECT 'r', 'duplicate_id', '', '', count(*) FROM ranked WHERE n_ > 1""").fetchall()
    groups = [row[1:] for row in result if row[0] == "n"]
    rules = {row[1]: row[4] for row in result if row[0] == "r" and row[4]}
    seconds = time.perf_counter() - began
    up_to = {}
    for day, area, programme, n in groups:
        if day <= at:
            key = f"{area}\t{programme}"
            up_to[key] = up_to.get(key, 0) + n
    return {"accepted": sum(g[3] for g in groups), "rejected": sum(rules.values()), "rules": rules,
            "groups": len(groups), "days": len({g[0] for g in groups}), "entrepreneurs": up_to,
            "query_s": seconds, "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
            "duckdb": duckdb.__version__}


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "duckdb":
        print(json.dumps(duckdb_answer(sys.argv[2], sys.argv[3])))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
