#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target (Fuzz/README.md) from Config/ and a few hand-made
inputs, and the libFuzzer dictionaries in Fuzz/dict/. The binary layouts follow each target's input
decoding (Fuzz/Fuzz*/Fuzz*.swift); run this again after changing one: `python3 Fuzz/corpus/seeds.py`."""

import pathlib
import re
import shutil
import struct

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "Fuzz" / "corpus"


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def head(path, lines):
    with open(path, "rb") as file:
        return b"".join(file.readline() for _ in range(lines))


def string(text):
    data = text.encode() if isinstance(text, str) else text
    assert len(data) < 256
    return bytes([len(data)]) + data


def double(value):
    """FuzzInput.double(): selector 0x80 and the bit pattern, most significant byte first."""
    return b"\x80" + struct.pack(">d", value)


def time(value):
    """FuzzInput.time() with an exact value: a selector outside 0x30..<0x80, then double()."""
    return b"\x80" + double(value)


def config():
    for folder in ("config",):
        shutil.rmtree(CORPUS / folder, ignore_errors=True)
    write("config", "naker-exporter.yml", (ROOT / "Config/naker-exporter.yml").read_bytes())
    write("config", "bad-rows.yml", (ROOT / "Config/sample/bad-rows/naker-exporter.yml").read_bytes())
    write("config", "empty.yml", "")
    write("config", "minimal.yml", """global:
  region: Tabalong
sources:
  - name: wub
    dataset: entrepreneurs
    csv: { path: sample/entrepreneurs.csv, delimiter: "," }
targets:
  - name: wub_2024
    indicator: entrepreneurs
    goal: 1000
    start: 2024-01-01
    end: 2024-12-31
""")
    write("config", "template-receiver.yml", """global: { region: Tabalong, timezone: Asia/Jakarta }
sources:
  - name: ak1
    dataset: job_seekers
    csv: { path: sample/job_seekers.csv, delimiter: ";" }
    columns: { id: no_pendaftaran, registered_on: tanggal_daftar, area: kecamatan }
    validity: 730d
    timeout: 30s
receivers:
  - name: chat
    webhook:
      url_env: NAKER_TOKEN
      format: template
      template_file: templates/telegram.mustache
      template_variables: { chat_id: "-100123456" }
      headers: { Authorization: { env: NAKER_TOKEN } }
notification:
  group_by: [alertname, target]
  retry: { initial: 1s, max: 5m, give_up_after: 24h }
""")


def numbers():
    shutil.rmtree(CORPUS / "numbers", ignore_errors=True)
    for index, (cut, text) in enumerate(
        [(2, "1h30m"), (0, "250ms"), (0, "0"), (3, "730d2w"), (1, "9223372036854775807ms"),
         (5, "1y1w1d1h1m1s1ms"), (2, "90s")]
    ):
        write("numbers", f"duration-{index}", bytes([0, cut]) + text.encode())
    # Every edge case of FuzzInput.edgeCases with each decimals count.
    for part in range(4):
        picks = range(part * 16, part * 16 + 16)
        write("numbers", f"edge-cases-{part}", b"\x01" + b"".join(bytes([i, 1 + i % 4]) for i in picks))
    write("numbers", "values", b"\x01" + b"".join(
        double(v) + bytes([d + 1]) for v, d in
        [(7850, 0), (0.0446, 2), (0.785, 1), (21816.4, 0), (-1234.5, 1), (99.995, 2), (1e15, 2)]))


def csv():
    shutil.rmtree(CORPUS / "csv", ignore_errors=True)
    kinds = {"labour_force": 0, "job_seekers": 1, "entrepreneurs": 2, "trainees": 3}
    for name, kind in kinds.items():
        # job_seekers.csv: ";" (bit 2) and the Indonesian headers (bit 5).
        options = kind | (4 | 32 if name == "job_seekers" else 0)
        write("csv", f"{name}", bytes([options, 7, 0, 128]) + head(ROOT / f"Config/sample/{name}.csv", 12))
        bad = (ROOT / f"Config/sample/bad-rows/{name}.csv").read_bytes()
        write("csv", f"bad-rows-{name}", bytes([options | 16, 3, 40, 200]) + bad)
    write("csv", "quoted", bytes([2, 1, 0, 60]) + (
        b'\xef\xbb\xbfid,registered_on,area,programme\r\n"W-1",2024-01-02,"Murung, Pudak",""\r\n'
        b'W-2,2024-02-30,Tanta,x\r\nW-1,2024-01-02,"Tanjung\nHulu","a ""b"""\r\n,,,\r\nW-3,2024-03-01\n'))


def negotiation():
    shutil.rmtree(CORPUS / "negotiation", ignore_errors=True)
    for index, (accept, encoding) in enumerate([
        ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
         "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", "gzip"),
        ("text/plain;version=0.0.4;q=0.3,*/*;q=0.2", "gzip, deflate, br"),
        ("application/openmetrics-text; version=1.0.0; q=0.9, text/plain; q=1", "gzip;q=0, *;q=0.5"),
        ("*/*", "identity"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "br;q=1.0, gzip;q=0.8, *;q=0.1"),
        ("APPLICATION/OPENMETRICS-TEXT;VERSION=1.0.0;Q=0.5", "GZIP"),
    ]):
        write("negotiation", f"headers-{index}", f"0{accept}\n{encoding}")
    write("negotiation", "absent", "3")


def retry_after():
    shutil.rmtree(CORPUS / "retry-after", ignore_errors=True)
    for index, header in enumerate([
        "120", "Wed, 21 Oct 2015 07:28:00 GMT", "99999999", "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994", " 0 ", "Fri, 31 Dec 9999 23:59:59 GMT", "Thu, 02 May 2024 08:00:00 GMT",
        "18446744073709551616",
    ]):
        write("retry-after", f"header-{index}", b"0" + bytes([index, 1]) + header.encode())


def template():
    shutil.rmtree(CORPUS / "template", ignore_errors=True)
    nasty = 'Catatan "penting":\nbaris kedua\\ dengan \t tab, \u2028 dan \u0001 </script> \u00e9 \U0001f642'

    def alert(status_resolved, name, severity, summary, details, target, description, value=None,
              goal=None, progress=None, ratio=False, at_least=True, starts=1714550400.0, ends=None,
              labels=()):
        bits = (1 if status_resolved else 0) | (2 if value is not None else 0) | (4 if goal is not None else 0)
        bits |= (8 if progress is not None else 0) | (16 if ratio else 0) | (32 if ends is not None else 0)
        bits |= len(labels) << 6
        data = bytes([bits]) + b"".join(string(k) + string(v) for k, v in labels)
        data += b"".join(string(t) for t in (name, severity, summary, details, target, description))
        data += b"".join(double(v) for v in (value, goal, progress) if v is not None)
        data += bytes([1 if at_least else 0]) + time(starts)
        if ends is not None:
            data += time(ends)
        return data

    def context(receiver="leadership", chat_id="-1001234567890", variables=(), zone=1):
        flags = (1 if chat_id is not None else 0) | (len(variables) << 1) | (zone << 3)
        data = bytes([flags]) + string(receiver) + (string(chat_id) if chat_id is not None else b"")
        data += b"".join(string(k) + string(v) for k, v in variables)
        data += alert(False, "WUBBehindPlan", "warning", "Capaian WUB 78,5 % dari target, tertinggal 2.150 orang",
                      nasty, "wub_2019_2024", "10.000 wirausaha baru, RPJMD 2019\u20132024", value=7850, goal=10000,
                      progress=0.785, labels=[("area", "Tabalong")])
        data += alert(True, "TPTAboveGoal", "info", "TPT kembali <= 4 %", "", "tpt_2024", "", value=0.0446,
                      goal=0.04, progress=0.9, ratio=True, at_least=False, ends=1714636800.0)
        return data

    for index in range(6):
        write("template", f"bundled-{index}", bytes([index << 1]) + context())
    write("template", "variables", bytes([0]) + context(variables=[("summary", "dari variabel"), ("region", "x")]))
    source = (ROOT / "Config/templates/telegram.mustache").read_bytes()
    write("template", "own-telegram", b"\x01" + struct.pack("<H", len(source)) + source + context())
    own = b'{{% CONTENT_TYPE: JSON}}\n{"s": "{{receiver}}", "n": {{alert_count}}, "a": [{{#alerts}}"{{summary}}"{{^last()}},{{/last()}}{{/alerts}}]}'
    write("template", "own-json", b"\x01" + struct.pack("<H", len(own)) + own + context(chat_id=None))
    text = b"{{% CONTENT_TYPE: TEXT}}{{#firing_alerts}}{{alertname}}: {{{summary}}} {{&description}}\n{{/firing_alerts}}"
    write("template", "own-text", b"\x01" + struct.pack("<H", len(text)) + text + context(zone=4))


def dictionaries():
    """libFuzzer -dict files: words the parsers compare against, which mutations rarely guess."""
    folder = ROOT / "Fuzz" / "dict"
    folder.mkdir(exist_ok=True)

    def save(target, words):
        lines = []
        for word in sorted(set(w.encode() if isinstance(w, str) else w for w in words)):
            escaped = "".join(chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\' else f"\\x{b:02x}" for b in word)
            lines.append(f'"{escaped}"')
        (folder / f"{target}.dict").write_text(
            f"# libFuzzer dictionary for fuzz-{target}; written by Fuzz/corpus/seeds.py\n" + "\n".join(lines) + "\n")

    yml = (ROOT / "Config/naker-exporter.yml").read_text()
    keys = re.findall(r"^\s*(?:- )?([a-z_]+):", yml, re.M) + re.findall(r"[{,] ([a-z_]+):", yml)
    values = re.findall(r":\s+([a-z_]+)\s", yml)
    save("config", [k + ":" for k in keys] + values + [
        "- ", "---", "&a", "*a", "!!str", "!!int", "<<: ", "|", ">-", "{ }", "[ ]", "~", "null", "true", "0x10",
        "1e3", ".inf", ".nan", "10_000", "${CREDENTIALS_DIRECTORY:-credentials}", "${NAKER_TOKEN}", "\t", "\r\n",
        "encoding:", "date_format:", "thousands_separator:", "windows-1252", "utf-8", "DD/MM/YYYY", "D/M/YYYY"])
    save("csv", ["id", "registered_on", "started_on", "placed_on", "period", "area", "institution", "programme",
                 "sector", "status", "completed", "gender", "education", "working_age_population", "labour_force",
                 "unemployed", "no_pendaftaran", "tanggal_daftar", "kecamatan", "tanggal_penempatan", "2024-02-29",
                 "2023-02-29", "2024-08", "\"\"", "\r\n", b"\xef\xbb\xbf", b"\xff\xfe", "ya", "tidak", "L", "P",
                 "29/02/2024", "4/1/2024", "139.540", b"\x92", b"\xe9", b"\x00"])
    save("negotiation", ["application/openmetrics-text", "text/plain", "text/*", "*/*", "version=1.0.0",
                         "version=0.0.4", "version=0.0.1", ";q=", "q=0", "q=1", "q=0.5", "gzip", "identity", "*",
                         "nan", "inf", "1e-300"])
    save("retry-after", ["GMT", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Sunday", "Jan", "Feb", "Mar",
                         "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "23:59:60", "00:00:00",
                         "29-Feb-", " 1994", " 9999 "])
    save("template", ["{{", "}}", "{{{", "}}}", "{{#", "{{/", "{{^", "{{!", "{{>", "{{&", "{{=<% %>=}}",
                      "{{% CONTENT_TYPE: JSON}}", "{{% CONTENT_TYPE: TEXT}}", "{{% CONTENT_TYPE: HTML}}",
                      "{{$", "{{<", "first()", "last()", "index()", "alerts", "firing_alerts", "resolved_alerts",
                      "summary", "description", "value_text", "goal_text", "progress_percent", "labels.area",
                      "starts_at_text", "ends_at_text", "chat_id", "receiver", ".", "\\", "\"", "\u2028"])


if __name__ == "__main__":
    dictionaries()
    config()
    numbers()
    csv()
    negotiation()
    retry_after()
    template()
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        files = list(folder.iterdir())
        print(f"{folder.name}: {len(files)} files, {sum(f.stat().st_size for f in files)} bytes")
