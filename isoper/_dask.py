"""Run the engine's chunks on a Dask cluster (``pip install isoper[dask]``).

Chunk j of a check draws from ``SeedSequence(seed, spawn_key=(stage, j))`` wherever it runs, and partial results are
combined in chunk order, so a check gives the same result on a cluster as in one process for the same seed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ._validate import InvalidParameter

_lock = threading.Lock()
_local: Any = None  # the LocalCluster client started on first use of backend="dask"


def get_client(backend: Any) -> Any:
    """The ``dask.distributed.Client`` for ``backend``: a Client as given, or for ``"dask"`` the current client,
    else a LocalCluster (2 worker processes, 1 thread each) started once per session."""
    global _local
    try:
        from dask.distributed import Client, LocalCluster, get_client as current
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InvalidParameter("backend='dask' needs dask.distributed: pip install 'isoper[dask]'") from exc
    if isinstance(backend, Client):
        return backend
    if backend != "dask":
        raise InvalidParameter(f"backend must be None, 'dask' or a dask.distributed.Client, got {backend!r}")
    try:
        return current()
    except ValueError:
        pass
    with _lock:
        if _local is None or _local.status in ("closed", "closing"):
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            _local = Client(cluster)
        return _local


def map_chunks_dask(fn: Callable[[tuple[int, int, int]], Any], chunks: list[tuple[int, int, int]],
                    backend: Any) -> list[Any]:
    """[fn(c) for c in chunks] computed on the cluster, returned in chunk order."""
    if not chunks:
        return []
    client = get_client(backend)
    futures = client.map(fn, chunks, pure=False)
    return list(client.gather(futures))
