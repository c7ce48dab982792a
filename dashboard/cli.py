"""The `phonedash` console script: the ETL commands plus `serve` and `export`."""

from __future__ import annotations


def main() -> None:
    from etl.cli import app

    app()
