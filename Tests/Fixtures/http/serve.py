#!/usr/bin/env python3
"""A loopback stand-in for the open-data services the `http:` sources read, for the tests.

It serves the bundled sample (Config/sample/*.csv) in the shapes of the public services' own
documentation, so that the same records reach the exporter once as CSV and once over HTTP:

- json_records: a plain JSON array of objects, one per CSV row, every value a string as CSV
  exports hold them (the shape many Satu Data portals offer as "JSON" downloads). Also nested
  under {"data": {"items": [...]}} for records_path. ETag and If-None-Match as in RFC 9110.
- ckan_datastore: CKAN's Action API `datastore_search`, as documented in the CKAN DataStore
  extension ("ckanext.datastore.logic.action.datastore_search"): {"help": ..., "success": true,
  "result": {"resource_id", "fields": [{"id", "type"}], "records": [...] (each with "_id"),
  "_links": {"start", "next"}, "limit", "offset", "total"}}; `_links.next` is a path from the
  server's root with `offset` advanced by `limit`; errors are {"success": false, "error":
  {"message", "__type"}}.
- bps_webapi: the BPS WebAPI dynamic table, `/v1/api/list/model/data/domain/{domain}/var/{var}/
  key/{key}/` as in the WebAPI documentation (webapi.bps.go.id/documentation): {"status": "OK",
  "data-availability": "available", "var": [{"val", "label", "unit"}], "turvar": [{"val": 0,
  "label": "Tidak ada"}], "labelvervar", "vervar": [{"val", "label"}], "tahun": [{"val":
  year - 1900, "label": "YYYY"}], "turtahun": [{"val": 0, "label": "Tahun"}], "datacontent":
  {"<vervar><var><turvar><tahun><turtahun>": value}}; an unknown table answers
  {"status": "OK", "data-availability": "list-not-available"}; a wrong key answers 401 with
  {"status": "Error", "message": "Invalid API Key"}.

Misbehaviour for the failure tests: /big.json (a body of --big-bytes), /redirect (302 to the
records), /invalid.json, and /switch/records.json, which serves the records until POST
/mode?name=reset|invalid|ok changes it (reset: headers and part of the body, then the connection
is reset). GET /stats tells how many requests each path had and how many were answered 304.

Usage: serve.py --sample DIR --port-file FILE [--tls CERT KEY] [--key KEY] [--big-bytes N]
"""
import argparse
import csv
import json
import os
import socket
import ssl
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ETAG = '"sample-v1"'
BPS_VARS = {"working_age_population": 1236, "labour_force": 1234, "unemployed": 1235}


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def bps_codes(areas):
    """BPS-style codes: the regency 6309, its kecamatan 6309010, 6309020, ... in name order."""
    codes = {}
    for index, area in enumerate(sorted(a for a in areas if a != "Tabalong")):
        codes[area] = f"6309{(index + 1) * 10:03d}"
    codes["Tabalong"] = "6309"
    return codes


class State:
    def __init__(self, args):
        self.entrepreneurs = rows(os.path.join(args.sample, "entrepreneurs.csv"))
        self.trainees = rows(os.path.join(args.sample, "trainees.csv"))
        self.labour = rows(os.path.join(args.sample, "labour_force.csv"))
        self.key = args.key
        self.big_bytes = args.big_bytes
        self.mode = "ok"
        self.counts = {}
        self.not_modified = 0
        self.lock = threading.Lock()
        self.codes = bps_codes({row["area"] for row in self.labour})

    def count(self, path):
        with self.lock:
            self.counts[path] = self.counts.get(path, 0) + 1

    def bps_table(self, var_ids):
        years = sorted({int(row["period"][:4]) for row in self.labour})
        content = {}
        for row in self.labour:
            year = int(row["period"][:4])
            for column, var in BPS_VARS.items():
                if var in var_ids:
                    content[f"{self.codes[row['area']]}{var}0{year - 1900}0"] = int(row[column])
        return {
            "status": "OK", "data-availability": "available", "last_update": "2025-11-05 10:00:00",
            "subject": [{"val": 6, "label": "Tenaga Kerja"}],
            "var": [{"val": var, "label": column, "unit": "Jiwa"} for column, var in BPS_VARS.items()
                    if var in var_ids],
            "turvar": [{"val": 0, "label": "Tidak ada"}],
            "labelvervar": "Kecamatan",
            "vervar": [{"val": int(code), "label": area} for area, code in sorted(self.codes.items())],
            "tahun": [{"val": year - 1900, "label": str(year)} for year in years],
            "turtahun": [{"val": 0, "label": "Tahun"}],
            "datacontent": content,
        }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, status, value, headers=None):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, text in (headers or {}).items():
            self.send_header(name, text)
        self.end_headers()
        self.wfile.write(body)

    def records(self):
        state = self.server.state
        if self.headers.get("If-None-Match") == ETAG:
            with state.lock:
                state.not_modified += 1
            self.send_response(304)
            self.send_header("ETag", ETAG)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_json(200, state.entrepreneurs, {"ETag": ETAG})

    def do_POST(self):
        url = urlparse(self.path)
        if url.path == "/mode":
            self.server.state.mode = parse_qs(url.query)["name"][0]
            self.send_json(200, {"mode": self.server.state.mode})
        else:
            self.send_json(404, {})

    def do_GET(self):
        state = self.server.state
        url = urlparse(self.path)
        query = parse_qs(url.query)
        state.count(url.path)
        if url.path == "/stats":
            with state.lock:
                self.send_json(200, {"counts": state.counts, "not_modified": state.not_modified})
        elif url.path == "/records.json":
            self.records()
        elif url.path == "/bad-records.json":
            good = state.entrepreneurs[:3]
            missing_id = dict(state.entrepreneurs[3])
            del missing_id["id"]
            duplicate = dict(state.entrepreneurs[4], id=good[0]["id"])
            nested = dict(state.entrepreneurs[5], area={"nama": "Tanjung"})
            self.send_json(200, good + [missing_id, duplicate, nested] + state.entrepreneurs[6:10])
        elif url.path == "/nested.json":
            self.send_json(200, {"data": {"items": state.trainees}})
        elif url.path == "/switch/records.json":
            if state.mode == "reset":
                body = json.dumps(state.entrepreneurs).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 3])
                self.wfile.flush()
                # RST instead of FIN: SO_LINGER with a zero timeout, then close.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
            elif state.mode == "invalid":
                body = b'[{"id": "WUB-1", "registered_on": '
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_json(200, state.entrepreneurs)
        elif url.path == "/invalid.json":
            body = b"<html><body>Portal sedang dalam pemeliharaan</body></html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif url.path == "/big.json":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(state.big_bytes))
            self.end_headers()
            chunk = b" " * 65536
            sent = 0
            try:
                while sent < state.big_bytes:
                    piece = chunk[: min(len(chunk), state.big_bytes - sent)]
                    self.wfile.write(piece)
                    sent += len(piece)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
        elif url.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/records.json")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif url.path == "/api/3/action/datastore_search":
            self.datastore(query)
        elif url.path.startswith("/v1/api/list/model/data/"):
            self.bps(url.path)
        else:
            self.send_json(404, {"success": False, "error": {"message": "Not found", "__type": "Not Found Error"}})

    def datastore(self, query):
        state = self.server.state
        if query.get("resource_id", [""])[0] != "pelatihan-blk":
            self.send_json(404, {"help": "", "success": False,
                                 "error": {"message": "Not found: Resource was not found.", "__type": "Not Found Error"}})
            return
        limit = int(query.get("limit", ["100"])[0])
        offset = int(query.get("offset", ["0"])[0])
        page = state.trainees[offset:offset + limit]
        records = [dict(row, _id=offset + index + 1) for index, row in enumerate(page)]
        fields = [{"id": "_id", "type": "int"}] + [{"id": name, "type": "text"} for name in state.trainees[0]]
        base = f"/api/3/action/datastore_search?resource_id=pelatihan-blk&limit={limit}"
        self.send_json(200, {
            "help": "https://data.example.go.id/api/3/action/help_show?name=datastore_search",
            "success": True,
            "result": {
                "include_total": True, "resource_id": "pelatihan-blk", "fields": fields, "records_format": "objects",
                "records": records, "limit": limit, "offset": offset,
                "_links": {"start": base, "next": f"{base}&offset={offset + limit}"},
                # mode "grow": a record added while the pages are read, as a portal being edited.
                "total": len(state.trainees) + (1 if state.mode == "grow" and offset > 0 else 0),
            },
        })

    def bps(self, path):
        state = self.server.state
        parts = path.strip("/").split("/")
        fields = dict(zip(parts[5::2], parts[6::2]))
        if fields.get("key") != state.key:
            self.send_json(401, {"status": "Error", "message": "Invalid API Key"})
            return
        if fields.get("domain") != "6309":
            self.send_json(200, {"status": "OK", "data-availability": "list-not-available"})
            return
        var = fields.get("var", "")
        wanted = {int(var)} if var.isdigit() else set()
        if not wanted & set(BPS_VARS.values()):
            self.send_json(200, {"status": "OK", "data-availability": "list-not-available"})
            return
        self.send_json(200, state.bps_table(wanted))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--key", default="kunci-rahasia-bps-0123456789")
    parser.add_argument("--big-bytes", type=int, default=64 * 1024 * 1024)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.state = State(args)
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*args.tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
