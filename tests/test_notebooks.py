"""Execute every notebook under notebooks/ top to bottom in a fresh kernel; fail on the first error.

Each notebook runs at its default (small) sizes in about ten seconds. The kernel is the ``python3`` spec: a
registered one, or else the native spec that jupyter_client derives from the ipykernel installed next to this
interpreter (so a fresh virtual environment needs no ``python -m ipykernel install``).
"""

from __future__ import annotations

import pathlib

import pytest

NOTEBOOKS = sorted((pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
TIMEOUT = 300  # seconds per cell


def _kernel_missing() -> str | None:
    """Why no python3 kernel can be started here, or None if one can."""
    try:
        import ipykernel  # noqa: F401
        import nbclient  # noqa: F401
        import nbformat  # noqa: F401
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel, find_kernel_specs
    except ImportError as err:
        return f"notebook tooling not installed ({err.name}); install the 'dev' extra"
    if "python3" in find_kernel_specs():
        return None
    try:
        KernelSpecManager().get_kernel_spec("python3")  # the native spec from the installed ipykernel
    except NoSuchKernel:
        return "no python3 kernel spec and no native ipykernel spec"
    return None


def test_notebooks_exist():
    assert len(NOTEBOOKS) >= 3, NOTEBOOKS


@pytest.mark.notebooks
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: pathlib.Path):
    reason = _kernel_missing()
    if reason is not None:
        pytest.skip(reason)
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:  # committed notebooks carry no outputs
        if cell.cell_type == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None, f"{path.name}: outputs not cleared"
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError naming the cell and the traceback
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors
