"""``python -m pipeline export``: pipeline → every notebook headless → HTML + Excel + manifest.

(Implementation in progress; the kernel helper is used by the notebook tests.)
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator

KERNEL_NAME = "vp-export-python"


@contextlib.contextmanager
def kernel_for_this_python() -> Iterator[str]:
    """A kernelspec pointing at the interpreter running this code, for the duration of the block.

    Notebooks name the ``python3`` kernel; on another machine that name may map to another
    Python (or none: "No such kernel"). The spec is written into a temporary folder put first
    on ``JUPYTER_PATH``, so nothing is installed for the user.
    """
    from ipykernel.kernelspec import install

    old = os.environ.get("JUPYTER_PATH")
    with tempfile.TemporaryDirectory(prefix="vp-kernel-") as prefix:
        install(kernel_name=KERNEL_NAME, prefix=prefix, display_name=f"Python ({sys.executable})")
        data_dir = os.path.join(prefix, "share", "jupyter")
        os.environ["JUPYTER_PATH"] = os.pathsep.join([data_dir, *([old] if old else [])])
        try:
            yield KERNEL_NAME
        finally:
            if old is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = old
