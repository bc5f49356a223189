#!/usr/bin/env python3
"""Deterministic synthetic datasets for benchmarking naker-exporter.

    python3 Benchmarks/generate.py --rows 1000000 --out DIR

writes, for N = --rows rows *per registry*:

    DIR/job_seekers.csv     N AK/I registrations    id,registered_on,area,placed_on,gender,education
    DIR/entrepreneurs.csv   N WUB registrations     id,registered_on,area,programme,sector,status
    DIR/trainees.csv        N trainee enrolments    id,started_on,institution,programme,area,completed
    DIR/labour_force.csv    one survey estimate per area and August period (2021-08 .. 2026-08)
    DIR/naker-exporter.yml  a matching config: canonical column names, comma delimiter
    DIR/manifest.json       the parameters; `run.py` reuses a directory whose manifest matches

Every record is synthetic. Ids are unique (sequential), every row is valid, dates are spread
uniformly over 2021-01-01 .. 2026-11-30, so naker-exporter accepts every row and DuckDB needs
no duplicate handling to agree with it. The output is byte-identical for the same arguments
(each file has its own fixed-seed random.Random). Rows are streamed to the files in blocks, so
memory does not grow with --rows; the three registries are written by parallel processes.

Options for the /metrics series-count benchmark (small files, exact number of series):
--areas, --programmes, --institutions, --survey-areas and --seeker-areas set how many distinct
label values appear; the first areas*programmes entrepreneur rows cover every (area,
programme) pair, so `naker_entrepreneurs` has exactly areas*programmes series when
--rows >= areas*programmes.
"""

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import sys

VERSION = 3
REGION = "Region"
FIRST_DAY = dt.date(2021, 1, 1)
LAST_DAY = dt.date(2026, 11, 30)
DATES = [
    (FIRST_DAY + dt.timedelta(days=offset)).isoformat()
    for offset in range((LAST_DAY - FIRST_DAY).days + 1)
]
SURVEY_YEARS = range(2021, 2027)
PROGRAMMES = ["bengkel-sahabat", "kur-mikro", "wub-mandiri", "pemuda-pelopor", "desa-wisata",
              "ekraf", "umkm-naik-kelas", "koperasi", "pertanian-modern", "digitalisasi"]
SECTORS = ["kuliner", "kerajinan", "pertanian", "perdagangan", "jasa", "perikanan", "fesyen", "otomotif"]
STATUSES = ["aktif", "tidak_aktif"]
TRAINING = ["las", "otomotif", "menjahit", "tata-boga", "listrik", "komputer", "bahasa-inggris",
            "alat-berat", "kecantikan", "pertukangan"]
GENDERS = ["L", "P"]
EDUCATION = ["SD", "SMP", "SMA", "SMK", "D3", "S1", "S2"]
BLOCK = 8192


def area_names(count):
    """Kecamatan-like names; every 25th has a comma, so it is quoted in the CSV."""
    names = []
    for index in range(1, count + 1):
        names.append(f"Kota {index:03d}, Utara" if index % 25 == 0 else f"Kecamatan {index:03d}")
    return names


def institution_names(count):
    names = ["BLK Tanjung"]
    names += [f"{'BLK' if index % 3 == 0 else 'LPK'} {index:02d}" for index in range(2, count + 1)]
    return names[:count]


def csv_field(text):
    return f'"{text}"' if ("," in text or '"' in text) else text


def write_blocks(path, header, rows):
    """Writes header and then the generator's lines, joined in blocks."""
    with open(path + ".tmp", "w", encoding="utf-8", newline="") as out:
        out.write(header)
        block = []
        for line in rows:
            block.append(line)
            if len(block) >= BLOCK:
                out.write("".join(block))
                block.clear()
        out.write("".join(block))
    os.replace(path + ".tmp", path)


def entrepreneurs(path, rows, seed, areas, programmes, cover):
    rng = random.Random(seed * 1000 + 2)
    rnd = rng.random
    area_text = [csv_field(a) for a in areas]
    progs = PROGRAMMES[:programmes]
    days, na, np_, ns = len(DATES), len(areas), len(progs), len(SECTORS)
    covered = len(areas) * len(progs) if cover else 0

    def lines():
        for i in range(rows):
            if i < covered:
                a, p = i % na, i // na
            else:
                a, p = int(rnd() * na), int(rnd() * np_)
            yield (f"WUB-{i + 1:010d},{DATES[int(rnd() * days)]},{area_text[a]},{progs[p]},"
                   f"{SECTORS[int(rnd() * ns)]},{STATUSES[int(rnd() * 2)]}\n")

    write_blocks(path, "id,registered_on,area,programme,sector,status\n", lines())


def trainees(path, rows, seed, areas, institutions):
    rng = random.Random(seed * 1000 + 3)
    rnd = rng.random
    area_text = [csv_field(a) for a in areas]
    insts = institution_names(institutions)
    days, na, ni, nt = len(DATES), len(areas), len(insts), len(TRAINING)

    def lines():
        for i in range(rows):
            yield (f"TRN-{i + 1:010d},{DATES[int(rnd() * days)]},{insts[int(rnd() * ni)]},"
                   f"{TRAINING[int(rnd() * nt)]},{area_text[int(rnd() * na)]},"
                   f"{'ya' if rnd() < 0.8 else 'tidak'}\n")

    write_blocks(path, "id,started_on,institution,programme,area,completed\n", lines())


def job_seekers(path, rows, seed, areas):
    rng = random.Random(seed * 1000 + 1)
    rnd = rng.random
    area_text = [csv_field(a) for a in areas]
    days, na, ne = len(DATES), len(areas), len(EDUCATION)

    def lines():
        for i in range(rows):
            registered = int(rnd() * days)
            placed = ""
            if rnd() < 0.4:
                # Placed 1..800 days after registering; placements after the export date are unknown.
                day = registered + 1 + int(rnd() * 800)
                if day < days:
                    placed = DATES[day]
            yield (f"AK1-{i + 1:010d},{DATES[registered]},{area_text[int(rnd() * na)]},{placed},"
                   f"{GENDERS[int(rnd() * 2)]},{EDUCATION[int(rnd() * ne)]}\n")

    write_blocks(path, "id,registered_on,area,placed_on,gender,education\n", lines())


def labour_force(path, seed, areas):
    rng = random.Random(seed * 1000 + 4)
    lines = []
    for year in SURVEY_YEARS:
        totals = [0, 0, 0]
        rows = []
        for area in areas:
            working_age = rng.randint(8_000, 60_000)
            labour = int(working_age * rng.uniform(0.62, 0.76))
            unemployed = int(labour * rng.uniform(0.02, 0.07))
            totals = [totals[0] + working_age, totals[1] + labour, totals[2] + unemployed]
            rows.append(f"{year}-08,{csv_field(area)},{working_age},{labour},{unemployed}\n")
        lines.append(f"{year}-08,{REGION},{totals[0]},{totals[1]},{totals[2]}\n")
        lines.extend(rows)
    write_blocks(path, "period,area,working_age_population,labour_force,unemployed\n", lines)


CONFIG = """\
# Generated by Benchmarks/generate.py ({rows} rows per registry, {areas} areas). Synthetic data.
global:
  region: {region}
  timezone: Asia/Makassar
  recalc_interval: {recalc_interval}

sources:
  - name: sakernas
    dataset: labour_force
    csv: {{ path: labour_force.csv, delimiter: "," }}
  - name: ak1
    dataset: job_seekers
    csv: {{ path: job_seekers.csv, delimiter: "," }}
    validity: 730d
  - name: wub
    dataset: entrepreneurs
    csv: {{ path: entrepreneurs.csv, delimiter: "," }}
  - name: pelatihan
    dataset: trainees
    csv: {{ path: trainees.csv, delimiter: "," }}

targets:
  - name: wub_2021_2026
    description: "Wirausaha baru Bengkel Sahabat 2021-2026"
    indicator: entrepreneurs
    where: {{ programme: bengkel-sahabat }}
    goal: {wub_goal}
    start: 2021-01-01
    end: 2026-12-31
  - name: blk_tanjung_2022_2026
    description: "Peserta pelatihan BLK Tanjung 2022-2026"
    indicator: trainees
    where: {{ institution: BLK Tanjung }}
    goal: {blk_goal}
    start: 2022-01-01
    end: 2026-12-31
    milestones: {{ 2023-12-31: {blk_milestone} }}
  - name: tpt_2026
    indicator: open_unemployment
    goal: 0.04
    direction: at_most
    end: 2026-12-31
  - name: tpak_2026
    indicator: labour_force_participation
    goal: 0.72
    end: 2026-12-31
  - name: proxy_2026
    indicator: unemployment_proxy
    goal: 0.05
    direction: at_most
    end: 2026-12-31
  - name: pencari_kerja_aktif
    indicator: job_seekers_active
    goal: {seeker_goal}
    direction: at_most
    end: 2026-12-31
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="rows per registry")
    parser.add_argument("--out", required=True, help="output directory (created)")
    parser.add_argument("--areas", type=int, default=300)
    parser.add_argument("--programmes", type=int, default=5, help=f"at most {len(PROGRAMMES)}")
    parser.add_argument("--institutions", type=int, default=20)
    parser.add_argument("--survey-areas", type=int, help="areas in labour_force (default: --areas)")
    parser.add_argument("--seeker-areas", type=int, help="areas job seekers live in (default: --areas)")
    parser.add_argument("--seed", type=int, default=6309)
    parser.add_argument("--recalc-interval", default="5m")
    args = parser.parse_args(argv)
    if not 1 <= args.programmes <= len(PROGRAMMES):
        parser.error(f"--programmes must be 1..{len(PROGRAMMES)}")

    areas = area_names(args.areas)
    survey_areas = areas[: args.survey_areas] if args.survey_areas is not None else areas
    seeker_areas = areas[: args.seeker_areas] if args.seeker_areas is not None else areas
    manifest = {
        "version": VERSION, "rows": args.rows, "areas": args.areas, "programmes": args.programmes,
        "institutions": args.institutions, "survey_areas": len(survey_areas),
        "seeker_areas": len(seeker_areas), "seed": args.seed, "recalc_interval": args.recalc_interval,
        "region": REGION, "first_day": DATES[0], "last_day": DATES[-1],
    }
    os.makedirs(args.out, exist_ok=True)
    manifest_path = os.path.join(args.out, "manifest.json")
    if os.path.exists(manifest_path):
        os.remove(manifest_path)  # an interrupted run must not look complete

    jobs = [
        (job_seekers, (os.path.join(args.out, "job_seekers.csv"), args.rows, args.seed, seeker_areas)),
        (entrepreneurs, (os.path.join(args.out, "entrepreneurs.csv"), args.rows, args.seed, areas,
                         args.programmes, True)),
        (trainees, (os.path.join(args.out, "trainees.csv"), args.rows, args.seed, areas,
                    args.institutions)),
    ]
    labour_force(os.path.join(args.out, "labour_force.csv"), args.seed, survey_areas)
    if args.rows >= 200_000:
        processes = [multiprocessing.Process(target=f, args=a) for f, a in jobs]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
            if process.exitcode != 0:
                sys.exit(f"generate.py: a writer failed (exit {process.exitcode})")
    else:
        for function, arguments in jobs:
            function(*arguments)

    with open(os.path.join(args.out, "naker-exporter.yml"), "w", encoding="utf-8") as out:
        out.write(CONFIG.format(
            rows=args.rows, areas=args.areas, region=REGION, recalc_interval=args.recalc_interval,
            wub_goal=max(1, args.rows // 8), blk_goal=max(1, args.rows // 40),
            blk_milestone=max(1, args.rows // 100), seeker_goal=max(1, args.rows // 4)))
    with open(manifest_path, "w", encoding="utf-8") as out:
        json.dump(manifest, out, indent=2)
        out.write("\n")


if __name__ == "__main__":
    main()
