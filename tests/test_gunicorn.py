import runpy
from pathlib import Path


def test_the_access_log_leaves_out_query_strings():
    settings = runpy.run_path(
        str(Path(__file__).resolve().parent.parent / "config" / "gunicorn.py")
    )
    fmt = settings["access_log_format"]
    assert "%(U)s" in fmt  # the path alone
    assert "%(r)s" not in fmt and "%(q)s" not in fmt  # never the request line or query
