"""Reads what .ci/render-check left in OUTDIR and fails (exit 1) on a blank page, a console
message or a request of the page beyond its file. Standard library only."""
import json
import struct
import sys
import zlib
from pathlib import Path


def png_pixels(path):
    """The decompressed scanlines of a PNG (filter bytes included)."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(idat)


def page_requests(net_log):
    """URLs the page asked the network stack for: requests keyed to a file:// page."""
    log = json.loads(net_log.read_text() or "{}")
    names = {v: k for k, v in log.get("constants", {}).get("logEventTypes", {}).items()}
    urls = set()
    for event in log.get("events", []):
        params = event.get("params", {})
        if names.get(event.get("type")) != "URL_REQUEST_START_JOB" or "url" not in params:
            continue
        if "file://" in params.get("network_isolation_key", "") or params.get(
            "initiator", ""
        ).startswith("file://"):
            urls.add(params["url"])
    return sorted(urls)


def main(out):
    out = Path(out)
    failures = []
    for log in ["pdf.log", "png.log"]:
        for line in (out / log).read_text(errors="replace").splitlines():
            if ":CONSOLE" in line:
                failures.append(f"console: {line}")
    for net in ["net-pdf.json", "net-png.json"]:
        for url in page_requests(out / net):
            failures.append(f"request beyond the file: {url}")
    pixels = png_pixels(out / "report.png")
    distinct = len(set(pixels))
    if distinct < 8:
        failures.append(f"blank page: {distinct} distinct bytes in the screenshot")
    pdf = (out / "report.pdf").read_bytes()
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    if not pdf.startswith(b"%PDF") or pages < 1:
        failures.append("no PDF page")
    for f in failures:
        print(f)
    if failures:
        raise SystemExit(1)
    print(f"page ok: PDF of {pages} pages ({len(pdf)} bytes), screenshot of {distinct} distinct bytes, no request, no console message")


if __name__ == "__main__":
    main(sys.argv[1])
