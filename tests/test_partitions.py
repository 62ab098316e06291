"""convert() on Dask frames: lazy, per partition, on a local cluster of two workers."""

from __future__ import annotations

import pandas as pd
import pytest

from coderstats import convert
from coderstats.errors import UnknownCurrencyError

dd = pytest.importorskip("dask.dataframe")

PAY = pd.DataFrame(
    {
        "pay": [25_000.0, 30_000.0, 1.0e6, None, 40_000.0, 52_000.0],
        "cur": ["GBP", "EUR", "INR", "GBP", "USD", "GBP"],
        "yr": [2024, 2023, 2024, 2024, 2022, 2021],
    }
)


def test_a_dask_frame_stays_lazy_and_gives_what_pandas_gives() -> None:
    lazy = convert(dd.from_pandas(PAY, npartitions=3), amount="pay", currency="cur", year="yr")
    assert isinstance(lazy, dd.DataFrame)
    got = lazy.compute(scheduler="sync")
    expected = convert(PAY, amount="pay", currency="cur", year="yr")
    pd.testing.assert_frame_equal(
        got.astype({"basis_market": str, "fallback_market": str}),
        expected.astype({"basis_market": str, "fallback_market": str}),
        check_dtype=False,  # Dask reads text columns as pyarrow strings
    )


def test_a_bad_row_names_its_partition_and_row() -> None:
    bad = PAY.assign(cur=["GBP", "EUR", "INR", "GBP", "USD", "XXX"])
    lazy = convert(dd.from_pandas(bad, npartitions=3), amount="pay", currency="cur", year="yr")
    with pytest.raises(UnknownCurrencyError, match=r"^partition 2: 1 of 2 rows .*labels 5\]"):
        lazy.compute(scheduler="sync")


@pytest.mark.e2e
@pytest.mark.late
def test_on_a_local_cluster_of_two_workers() -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        frame = dd.from_pandas(PAY, npartitions=2)
        lazy = convert(frame, amount="pay", currency="cur", year="yr", basis="market")
        got = client.compute(lazy).result()
    expected = convert(PAY, amount="pay", currency="cur", year="yr")
    pd.testing.assert_series_equal(got["pay_market"], expected["pay_market"])
