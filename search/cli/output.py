"""Shared output helpers for the commands."""

from __future__ import annotations

import click


def fail_line(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    click.echo(f"undocs: {message}", err=True)
