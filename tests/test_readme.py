"""README's set-up commands stay true: CI runs the README's test command verbatim."""
from __future__ import annotations

import re

from conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- setup -->\s*```bash\n(.*?)```", readme, re.S)
    assert block, "README.md lost its set-up block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_has_the_two_setup_commands():
    install_and_run, run_tests = _commands()
    assert "pip install ." in install_and_run and "govdigest extract seeds" in install_and_run
    assert "pytest" in run_tests and ".[test]" in run_tests


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()
