"""The README stays true: CI runs its test command verbatim, its Python blocks run as written
(beside the seeds and their digests.jsonl), its command lines parse, and its tables name
what the code has."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from conftest import ROOT
from ru_govdigest.cli import _parser
from ru_govdigest.frames import COLUMNS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def _commands() -> list[str]:
    block = re.search(r"<!-- setup -->\s*```bash\n(.*?)```", README, re.S)
    assert block, "README.md lost its set-up block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_has_the_two_setup_commands():
    install_and_run, run_tests = _commands()
    assert "pip install ." in install_and_run and "govdigest extract seeds" in install_and_run
    assert "pytest" in run_tests and ".[test]" in run_tests


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()


PYTHON_BLOCKS = _blocks("python")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """Where a reader runs the blocks: beside the seeds, after
    ``govdigest extract seeds -o digests.jsonl``."""
    folder = tmp_path_factory.mktemp("readme")
    (folder / "seeds").symlink_to(ROOT / "seeds", target_is_directory=True)
    from ru_govdigest.cli import main
    assert main(["extract", str(ROOT / "seeds"), "-o", str(folder / "digests.jsonl"),
                 "--no-progress"]) == 0
    return folder


@pytest.mark.parametrize("code", PYTHON_BLOCKS,
                         ids=[f"block{i}" for i in range(len(PYTHON_BLOCKS))])
def test_python_block_runs_as_written(code, workdir):
    if "spacy" in code:
        pytest.importorskip("spacy", reason="the block needs the spacy extra")
    if "pandas" in code or "to_frames" in code:
        pytest.importorskip("pandas", reason="the block needs the pandas extra")
    if "dask" in code:
        pytest.importorskip("distributed", reason="the block needs the dask extra")
    proc = subprocess.run([sys.executable, "-c", code], cwd=workdir, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]


def _command_lines() -> list[str]:
    lines = []
    for block in _blocks("bash"):
        for line in block.splitlines():
            for part in line.split("#", 1)[0].split("|"):
                part = part.strip()
                if part.startswith("govdigest "):
                    lines.append(part)
    return lines


@pytest.mark.parametrize("line", _command_lines())
def test_command_lines_parse(line):
    try:
        args = _parser().parse_args(shlex.split(line)[1:])
    except SystemExit as exc:  # --version and --help exit 0 after printing
        assert exc.code == 0, line
        return
    assert args.func is not None


def test_every_extract_option_is_in_the_readme():
    extract = _parser()._subparsers._group_actions[0].choices["extract"]
    missing = [action.option_strings for action in extract._actions
               if action.option_strings and "--help" not in action.option_strings
               and not any(re.search(rf"[` ]{re.escape(opt)}\b", README)
                           for opt in action.option_strings)]
    assert not missing, f"options the README does not mention: {missing}"


def test_the_table_section_names_every_column():
    section = README[README.index("### The digest table"):]
    section = section[:section.index("\n### ")]
    named = set()
    for row in re.findall(r"^\| (`[^|]+`) \|", section, re.M):
        named.update(re.findall(r"`([a-z_]+)`", row))
    assert named == set(COLUMNS)


def _extras() -> list[str]:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11")
    with open(ROOT / "pyproject.toml", "rb") as f:
        return list(tomllib.load(f)["project"]["optional-dependencies"])


def test_the_install_sizes_are_filled_in():
    section = README[README.index("<!-- sizes -->"):]
    section = section[:section.index("\n\n", section.index("| install"))]
    rows = re.findall(r"^\| `[^`]+`[^|]* \| ([^|]+) \|", section, re.M)
    assert len(rows) == len(_extras()) + 1  # the core and every extra
    assert all(f"| `[{extra}]` |" in section for extra in _extras())
    assert all(re.fullmatch(r"\+?\d+ MB", size.strip()) for size in rows), rows
