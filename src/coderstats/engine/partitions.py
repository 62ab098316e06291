"""Dask frames: the conversion as a lazy per-partition step, for data past one machine.

Each partition is a pandas frame converted by the same pipeline as :func:`coderstats.convert`.
The options are checked once, against the frame's schema, when the step is added; a
partition's bad rows are found when it is computed, and the error names the partition. The
request (with any user table given as ``rates=`` and the like) enters the task graph once, as
one shared key that every worker fetches once; the shipped tables are read once per worker
process and cached there.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from coderstats.engine.frames import Planner, Runner, missing_extra
from coderstats.engine.request import Request
from coderstats.errors import CoderstatsError

__all__ = ["convert_dask", "convert_partition"]


def convert_dask(frame: Any, plan: Planner, run: Runner) -> Any:
    """A lazy Dask DataFrame: ``frame`` with the converted columns, partition by partition."""
    try:
        from dask.delayed import delayed
    except ImportError:
        error = missing_extra("dask")
        raise error from None
    meta = frame._meta  # the empty pandas frame that describes every partition
    request = plan(meta)
    out_meta = run(meta, request)
    shared = delayed(request, pure=True)
    return frame.map_partitions(
        convert_partition,
        shared,
        run,
        meta=out_meta,
        align_dataframes=False,
        enforce_metadata=False,
    )


def convert_partition(
    part: pd.DataFrame,
    request: Request,
    run: Runner,
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """One partition converted; an error names the partition (numbered from 0)."""
    try:
        result = run(part, request)
    except CoderstatsError as exc:
        if partition_info is None:
            raise
        where = f"partition {partition_info['number']}: "
        raise type(exc)(where + exc.problem, hints=exc.hints) from exc
    result.attrs = {}  # per-partition counts do not describe the whole frame
    return result
