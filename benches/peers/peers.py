#!/usr/bin/env python3
"""Times DuckDB on the same data as the Rust benches (see benches/README.md).

    pip install duckdb==2.0.1 numpy pandas
    cargo run --release --example gen_bench      # writes target/bench-data/
    python3 benches/peers/peers.py [--persepsi]  # --persepsi also times `compute` beside it

1. Core counting: 10M responses x 9 items (u8 stars, 500 units) -> per-unit, per-item means,
   `GROUP BY unit` with `avg` per item, on 1 and 2 threads (best of 5, data already in DuckDB).
2. File to result: 1M SPKP+SPAK responses (13 items) from CSV,
   `read_csv(all_varchar) ... avg(try_cast(..)) GROUP BY unit` (in-process), and `compute` on
   the same file, run alternately, best of 5 each.
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


def file_to_result(persepsi, runs=5):
    """DuckDB's query and, with `persepsi`, `compute` on the same file, run alternately (so that
    both see the same drift of this shared VM), best of `runs` each."""
    path = os.path.join(DATA, "responses-1m.csv")
    items = [f"SPKP{i}" for i in range(1, 9)] + [f"SPAK{i}" for i in range(1, 6)]
    q = ("SELECT unit, " + ", ".join(f"avg(try_cast({c} AS INTEGER))" for c in items)
         + f" FROM read_csv('{path}', all_varchar = true) GROUP BY unit")
    con = duckdb.connect()
    con.execute("SET threads = 2")
    exe = os.path.join(ROOT, "target", "release", "examples", "compute")
    def run():
        subprocess.run([exe, path], check=True, stdout=subprocess.DEVNULL)
    t = tp = float("inf")
    for _ in range(runs):
        t = min(t, best(lambda: con.execute(q).fetchall(), 1))
        if persepsi:
            tp = min(tp, best(run, 1))
    print(f"duckdb file to result (1M x 13, {os.path.getsize(path) / 1e6:.0f} MB): {t * 1000:.1f} ms")
    if persepsi:
        print(f"persepsi compute (same file, full validation, report printed): {tp * 1000:.1f} ms "
              f"= {tp / t:.2f} x duckdb")


if __name__ == "__main__":
    print(f"duckdb {duckdb.__version__}, {os.cpu_count()} cpus")
    core()
    file_to_result("--persepsi" in sys.argv)
