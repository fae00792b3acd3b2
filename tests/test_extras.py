"""The core install stays light: the default batch never imports Dask or pyarrow, and asking for
them without the extra is a one-line error that names it."""

from __future__ import annotations

import subprocess
import sys

import pytest

import smrisk.api
from smrisk.cli import main


@pytest.fixture(autouse=True)
def tiny_default(monkeypatch, tiny_scorer) -> None:
    monkeypatch.setattr(smrisk.api, "_default", tiny_scorer)


def test_default_batch_imports_neither_dask_nor_pyarrow(tmp_path, tiny_model_dir) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nhello\n")
    code = (f"import sys; from smrisk.cli import main; "
            f"assert main(['batch', {str(source)!r}, '-o', {str(tmp_path / 'out.csv')!r}, '--model', {str(tiny_model_dir)!r}]) == 0; "
            "heavy = sorted({'dask', 'distributed', 'pyarrow'} & set(sys.modules)); assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def _forget_parquet_module(monkeypatch) -> None:
    """As in a fresh process: smrisk.parquet not yet imported, whatever test imported it before."""
    import smrisk

    monkeypatch.delitem(sys.modules, "smrisk.parquet", raising=False)
    monkeypatch.delattr(smrisk, "parquet", raising=False)


@pytest.mark.parametrize(
    ("missing", "args", "extra"),
    [
        ("distributed", ["--workers", "2"], "pip install 'smrisk[dask]'"),
        ("dask", ["--scheduler", "tcp://127.0.0.1:8786"], "pip install 'smrisk[dask]'"),
        ("pyarrow", ["-o", "{tmp}/out.parquet"], "pip install 'smrisk[parquet]'"),
    ],
)
def test_a_missing_extra_is_one_line_naming_it(tmp_path, monkeypatch, capsys, missing: str, args: list[str], extra: str) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # import of it fails, as when it is not installed
    _forget_parquet_module(monkeypatch)
    source = tmp_path / "in.csv"
    source.write_text("text\nhello\n")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    out = [] if "-o" in args else ["-o", str(tmp_path / "out.csv")]
    assert main(["batch", str(source), *out, *args]) == 2
    err = capsys.readouterr().err
    assert extra in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_parquet_input_without_pyarrow(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    _forget_parquet_module(monkeypatch)
    (tmp_path / "in.parquet").write_bytes(b"PAR1")
    assert main(["batch", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "out.csv")]) == 2
    assert "smrisk[parquet]" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--workers", "0"], "--workers must be at least 1"),
     (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], "not allowed with argument")],
)
def test_bad_worker_options(tmp_path, capsys, args: list[str], message: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nhello\n")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.csv"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
