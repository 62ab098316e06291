"""``coderstats convert-file`` on a generated Parquet file: peak memory and rows per second.

The benchmark writes a Parquet file of ``--rows`` salaries (string currency codes and years) in
chunks of ``--chunk`` rows, so that writing it never holds the whole file, then runs two
commands on it, each in its own process:

(a) the baseline: a batch-by-batch copy of the file with pyarrow (read, write Parquet), the
    least any converter of a Parquet file must do, read as convert-file reads it;
(b) ``coderstats convert-file IN OUT --amount salary --currency currency --year year``.

For each it prints the wall time, the rows per second and the peak resident memory of the
process (from the kernel's accounting of the finished child), then the ratio of the two times.
Target: peak memory of (b) at most 2 GB on 10^8 rows.

Run: ``python benchmarks/bench_convert_file.py [--rows 100000000] [--folder DIR]``. The files
(several GB for 10^8 rows) go to a temporary folder, removed at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "INR"]
YEARS = np.arange(2015, 2025)
#: The baseline: read the file batch by batch and write each batch to a new Parquet file.
COPY = """
import sys
import pyarrow.parquet as pq
writer = None
for batch in pq.ParquetFile(sys.argv[1], pre_buffer=False).iter_batches(batch_size=1 << 20):
    if writer is None:
        writer = pq.ParquetWriter(sys.argv[2], batch.schema)
    writer.write_batch(batch)
writer.close()
"""


def write_input(path: Path, rows: int, chunk: int, seed: int = 0) -> None:
    """``rows`` generated salaries written to ``path`` in chunks of ``chunk`` rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    codes = pa.array(CURRENCIES)
    schema = pa.schema([("salary", pa.float64()), ("currency", pa.string()), ("year", pa.int64())])
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            table = pa.table(
                {
                    "salary": rng.uniform(10_000, 200_000, n).round(2),
                    "currency": codes.take(rng.integers(0, len(CURRENCIES), n)),
                    "year": rng.choice(YEARS, n),
                },
                schema=schema,
            )
            writer.write_table(table)


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (GB) of ``command`` run as a child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024**2  # ru_maxrss is in KiB on Linux


def report(label: str, rows: int, seconds: float, peak_gb: float) -> None:
    print(
        f"{label:<13} {seconds:8.1f} s  {rows / seconds / 1e6:6.2f} M rows/s  "
        f"peak RSS {peak_gb:.2f} GB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--chunk", type=int, default=1_000_000)
    parser.add_argument("--folder", type=Path, help="where to write the files (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the files")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench_convert_file_", dir=args.folder))
    script = Path(sys.executable).with_name("coderstats")
    try:
        source = folder / "pay.parquet"
        start = time.perf_counter()
        write_input(source, args.rows, args.chunk)
        size = source.stat().st_size / 1024**3
        took = time.perf_counter() - start
        print(f"input: {args.rows:,} rows, {size:.2f} GB of Parquet, written in {took:.1f} s")
        copy = measure([sys.executable, "-c", COPY, str(source), str(folder / "copy.parquet")])
        report("pyarrow copy", args.rows, *copy)
        (folder / "copy.parquet").unlink()
        command = [str(script), "convert-file", str(source), str(folder / "out.parquet")]
        command += ["--amount", "salary", "--currency", "currency", "--year", "year"]
        ours = measure(command)
        report("convert-file", args.rows, *ours)
        print(f"convert-file / copy: {ours[0] / copy[0]:.2f}x the time")
    finally:
        if args.keep:
            print(f"files kept in {folder}")
        else:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
