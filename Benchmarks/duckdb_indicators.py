#!/usr/bin/env python3
"""The naker-exporter indicators computed by DuckDB with SQL, straight from the same CSV files.

    python3 Benchmarks/duckdb_indicators.py --data DIR --at 2026-06-30 [--threads N] [--out F]
        [--only entrepreneurs]   (that registry alone, for the one-file comparison)

One scan per file (each registry is read once, like naker-exporter reads it once); every
aggregate the exporter needs from a registry comes out of that one GROUP BY:

  entrepreneurs  per (area, programme), registered up to D; the count target (programme
                 bengkel-sahabat, [start, min(end, D)]) and its last-90-days rate
  trainees       per (institution, year of started_on), up to D; the count target (institution
                 BLK Tanjung) and its rate
  job_seekers    active per area on D: registered_on <= D < registered_on + 730 days and not
                 placed on or before D (plus the region's total)
  labour_force   the latest period whose first day is <= D, per area

Prints JSON with the numbers (for the agreement check in run.py) and the wall time of the
queries alone. Parsing and typing the CSV is part of the query, as for naker-exporter.
Duplicate ids are not checked (the generated ids are unique): DuckDB is spared that work.
"""

import argparse
import datetime as dt
import json
import os
import sys
import time

import duckdb

VALIDITY_DAYS = 730
WUB = ("bengkel-sahabat", "2021-01-01", "2026-12-31")
BLK = ("BLK Tanjung", "2022-01-01", "2026-12-31")


def csv(path, columns):
    cols = ", ".join(f"'{name}': '{kind}'" for name, kind in columns)
    return (f"read_csv('{path}', header = true, delim = ',', quote = '\"', escape = '\"', "
            f"auto_detect = false, columns = {{{cols}}})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--at", required=True)
    parser.add_argument("--threads", type=int, help="SET threads (default: DuckDB's, all cores)")
    parser.add_argument("--out", help="write the JSON here instead of stdout")
    parser.add_argument("--only", choices=["entrepreneurs"], help="one registry alone: its GROUP BY and target")
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.at)

    started = time.perf_counter()
    con = duckdb.connect(":memory:")
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    d = f"DATE '{day.isoformat()}'"
    path = lambda name: os.path.join(args.data, name)

    # Entrepreneurs: one GROUP BY gives the per-(area, programme) counts and the target's inputs.
    wub_prog, wub_start, wub_end = WUB
    ent = con.execute(f"""
        SELECT area, programme,
               count(*) FILTER (WHERE registered_on <= {d}) AS n,
               count(*) FILTER (WHERE programme = '{wub_prog}' AND registered_on >= DATE '{wub_start}'
                                 AND registered_on <= least(DATE '{wub_end}', {d})) AS target,
               count(*) FILTER (WHERE programme = '{wub_prog}' AND registered_on >= DATE '{wub_start}'
                                 AND registered_on <= least(DATE '{wub_end}', {d})
                                 AND registered_on > {d} - 90) AS recent
        FROM {csv(path('entrepreneurs.csv'), [('id', 'VARCHAR'), ('registered_on', 'DATE'),
                                              ('area', 'VARCHAR'), ('programme', 'VARCHAR'),
                                              ('sector', 'VARCHAR'), ('status', 'VARCHAR')])}
        GROUP BY area, programme""").fetchall()
    if args.only == "entrepreneurs":
        elapsed = time.perf_counter() - started
        text = json.dumps({
            "threads": int(threads), "seconds": elapsed,
            "entrepreneurs": {f"{a}\t{p}": n for a, p, n, _, _ in ent if n > 0},
            "targets": {"wub_2021_2026": sum(r[3] for r in ent)},
            "recent": {"wub_2021_2026": sum(r[4] for r in ent)},
        })
        if args.out:
            with open(args.out, "w", encoding="utf-8") as f:
                f.write(text)
        else:
            sys.stdout.write(text + "\n")
        return

    blk_inst, blk_start, blk_end = BLK
    trn = con.execute(f"""
        SELECT institution, year(started_on) AS year,
               count(*) FILTER (WHERE started_on <= {d}) AS n,
               count(*) FILTER (WHERE institution = '{blk_inst}' AND started_on >= DATE '{blk_start}'
                                 AND started_on <= least(DATE '{blk_end}', {d})) AS target,
               count(*) FILTER (WHERE institution = '{blk_inst}' AND started_on >= DATE '{blk_start}'
                                 AND started_on <= least(DATE '{blk_end}', {d})
                                 AND started_on > {d} - 90) AS recent
        FROM {csv(path('trainees.csv'), [('id', 'VARCHAR'), ('started_on', 'DATE'),
                                         ('institution', 'VARCHAR'), ('programme', 'VARCHAR'),
                                         ('area', 'VARCHAR'), ('completed', 'VARCHAR')])}
        GROUP BY institution, year""").fetchall()

    seekers = con.execute(f"""
        SELECT area,
               count(*) FILTER (WHERE {d} < registered_on + {VALIDITY_DAYS}
                                 AND (placed_on IS NULL OR placed_on > {d})) AS active
        FROM {csv(path('job_seekers.csv'), [('id', 'VARCHAR'), ('registered_on', 'DATE'),
                                            ('area', 'VARCHAR'), ('placed_on', 'DATE'),
                                            ('gender', 'VARCHAR'), ('education', 'VARCHAR')])}
        WHERE registered_on <= {d}
        GROUP BY area""").fetchall()

    survey = con.execute(f"""
        SELECT area, working_age_population, labour_force, unemployed
        FROM {csv(path('labour_force.csv'), [('period', 'VARCHAR'), ('area', 'VARCHAR'),
                                             ('working_age_population', 'BIGINT'),
                                             ('labour_force', 'BIGINT'), ('unemployed', 'BIGINT')])}
        WHERE CAST(period || '-01' AS DATE) <= {d}
        QUALIFY row_number() OVER (PARTITION BY area ORDER BY period DESC) = 1""").fetchall()
    elapsed = time.perf_counter() - started

    with open(os.path.join(args.data, "manifest.json"), encoding="utf-8") as f:
        region = json.load(f)["region"]
    active = {area: n for area, n in seekers}
    active[region] = sum(active.values())
    result = {
        "threads": int(threads),
        "seconds": elapsed,
        "entrepreneurs": {f"{a}\t{p}": n for a, p, n, _, _ in ent if n > 0},
        "trainees": {f"{i}\t{y}": n for i, y, n, _, _ in trn if n > 0},
        "job_seekers_active": active,
        "labour_force": {a: lf for a, _, lf, _ in survey},
        "unemployed": {a: u for a, _, _, u in survey},
        "targets": {
            "wub_2021_2026": sum(r[3] for r in ent),
            "blk_tanjung_2022_2026": sum(r[3] for r in trn),
            "pencari_kerja_aktif": active[region],
        },
        "recent": {"wub_2021_2026": sum(r[4] for r in ent), "blk_tanjung_2022_2026": sum(r[4] for r in trn)},
    }
    text = json.dumps(result)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
