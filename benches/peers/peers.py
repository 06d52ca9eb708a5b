#!/usr/bin/env python3
"""Times DuckDB and polars on the same data as the Rust benches (see benches/README.md).

    pip install duckdb==2.0.1 polars==2.1.0 numpy pandas
    cargo run --release --example gen_bench      # writes target/bench-data/
    python3 benches/peers/peers.py [--persepsi] [--one-thread] [--files-only] [--baseline EXE]

    --persepsi    also times `persepsi compute` (cargo build --release -p persepsi-cli) beside
                  the peers, alternately
    --baseline    with --persepsi, also times another build of `persepsi` (EXE: its path, e.g.
                  one built from an earlier commit, or a `compute` example from before the tool),
                  in the same alternation
    --one-thread  the file comparisons on 1 thread as well as on 2
    --files-only  skip the core-counting comparison

1. Core counting: 10M responses x 9 items (u8 stars, 500 units) -> per-unit, per-item means,
   `GROUP BY unit` with `avg` per item, on 1 and 2 threads (best of 5, data already in DuckDB).
2. File to result, on each of the three CSV files of `gen_bench` (1M SPKP+SPAK responses, 13
   items: the plain file, the export-shaped one, the export with its notes emptied):
   DuckDB's `read_csv(all_varchar[, ignore_errors]) ... avg(try_cast(..)) GROUP BY unit`
   (in-process), polars' `scan_csv(...).group_by("unit").agg(mean)` and `compute` on the same
   file, run alternately, best of 5 each.
Not part of CI.
"""
import os
import subprocess
import sys
import time

import duckdb
import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "target", "bench-data")


def best(f, n):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def core():
    stars = np.fromfile(os.path.join(DATA, "stars-10m-9.u8"), dtype=np.uint8).reshape(-1, 9)
    units = np.fromfile(os.path.join(DATA, "units-10m.u16"), dtype=np.uint16)
    cols = {"unit": units}
    for i in range(9):
        cols[f"s{i + 1}"] = np.ascontiguousarray(stars[:, i])
    con = duckdb.connect()
    con.from_df(pd.DataFrame(cols)).create("t")
    q = "SELECT unit, " + ", ".join(f"avg(s{i})" for i in range(1, 10)) + " FROM t GROUP BY unit"
    for threads in (1, 2):
        con.execute(f"SET threads = {threads}")
        t = best(lambda: con.execute(q).fetchall(), 5)
        print(f"duckdb core GROUP BY, {threads} thread(s): {t * 1000:.1f} ms, "
              f"{len(units) * 9 / t / 1e9:.2f} G ratings/s")


ITEMS = [f"SPKP{i}" for i in range(1, 9)] + [f"SPAK{i}" for i in range(1, 6)]

# the two files of `gen_bench`: the plain one, and the one shaped like a real export (BOM, CRLF, a
# quoted free-text column, shuffled items, profile columns, 5% faulty rows); DuckDB needs
# `ignore_errors` on the second (without it, it stops at the first short row), and DuckDB 2.0.1's
# dialect sniffer gives up on it ("not possible to automatically detect the CSV parsing dialect",
# even with delim, quote, escape and new_line given) unless `strict_mode = false`
EXPORT = ", ignore_errors = true, strict_mode = false"
FILES = [
    ("responses-1m.csv", "plain", ""),
    ("export-1m.csv", "export", EXPORT),
    ("export-1m-nonotes.csv", "export, notes emptied", EXPORT),
]


def duckdb_query(path, extra):
    return ("SELECT unit, " + ", ".join(f"avg(try_cast({c} AS INTEGER))" for c in ITEMS)
            + f" FROM read_csv('{path}', all_varchar = true{extra}) GROUP BY unit")


def polars_query(path):
    import polars as pl
    return (pl.scan_csv(path, infer_schema=False, truncate_ragged_lines=True,
                        encoding="utf8-lossy")
            .group_by("unit")
            .agg([pl.col(c).cast(pl.Int64, strict=False).mean() for c in ITEMS]))


def command(exe):
    """How to run `compute` with `exe`: the persepsi tool's subcommand, or a build of the
    `compute` example from before the tool, which took the same flags itself."""
    tool = subprocess.run([exe, "compute", "--help"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0
    return [exe, "compute"] if tool else [exe]


def file_to_result(persepsi, threads_list, baseline=None, runs=5):
    """For each file: DuckDB's query, polars' query and, with `persepsi`, `compute` on the same
    file (and a `baseline` build of `compute`, if given), run alternately (so that all see the
    same drift of this shared VM), best of `runs` each, on each thread count."""
    try:
        import polars  # noqa: F401
        have_polars = True
    except ImportError:
        have_polars = False
    exe = command(os.path.join(ROOT, "target", "release", "persepsi")) if persepsi else None
    base_exe = command(baseline) if persepsi and baseline else None
    for threads in threads_list:
        con = duckdb.connect()
        con.execute(f"SET threads = {threads}")
        for name, label, extra in FILES:
            path = os.path.join(DATA, name)
            if not os.path.exists(path):
                print(f"{name}: not written (cargo run --release --example gen_bench)")
                continue
            q = duckdb_query(path, extra)
            runners = {"duckdb": lambda: con.execute(q).fetchall()}
            if have_polars:
                runners["polars"] = lambda: polars_query(path).collect()
            if persepsi:
                cmd = exe + ["--threads", str(threads), path]
                runners["persepsi"] = lambda: subprocess.run(cmd, check=True,
                                                              stdout=subprocess.DEVNULL)
            if persepsi and baseline:
                base = base_exe + ["--threads", str(threads), path]
                runners["baseline"] = lambda: subprocess.run(base, check=True,
                                                              stdout=subprocess.DEVNULL)
            t = {k: float("inf") for k in runners}
            for _ in range(runs):
                for k, f in runners.items():
                    t[k] = min(t[k], best(f, 1))
            size = os.path.getsize(path) / 1e6
            line = f"{name} ({label}, {size:.0f} MB), {threads} thread(s):"
            for k, v in t.items():
                line += f" {k} {v * 1000:.1f} ms"
            if persepsi:
                line += f" = {t['persepsi'] / t['duckdb']:.2f} x duckdb"
            if "baseline" in t:
                line += f", {t['persepsi'] / t['baseline']:.2f} x baseline"
            print(line, flush=True)


if __name__ == "__main__":
    print(f"duckdb {duckdb.__version__}, {os.cpu_count()} cpus")
    if "--files-only" not in sys.argv:
        core()
    threads = [1, 2] if "--one-thread" in sys.argv else [2]
    baseline = None
    if "--baseline" in sys.argv:
        at = sys.argv.index("--baseline") + 1
        if at >= len(sys.argv):
            sys.exit("--baseline needs the path of a compute binary")
        baseline = sys.argv[at]
    file_to_result("--persepsi" in sys.argv, threads, baseline)
