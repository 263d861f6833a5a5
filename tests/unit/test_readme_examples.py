"""Every README python block marked ``<!-- example: NAME -->`` runs, and its ``test_*`` functions pass.

A block marked ``needs=prefect`` is a pytest module using Prefect's client:
it runs as its own pytest session under the oracle venv's interpreter (real
prefect 3.9.1, runfilter installed into it as .ci/run does), so this
interpreter never imports prefect; without that venv it is skipped, with the reason.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
README = (REPO_ROOT / "README.md").read_text()
EXAMPLE = re.compile(r"<!-- example: (?P<name>[\w-]+)(?: needs=(?P<needs>\w+))? -->\n```python\n(?P<code>.*?)```", re.S)
EXAMPLES = {m["name"]: (m["needs"], m["code"]) for m in EXAMPLE.finditer(README)}


def test_the_readme_sections_have_their_examples():
    assert {"replacing-harness", "property-based", "dev-server"} <= set(EXAMPLES)


def _prefect_python() -> tuple[str | None, str]:
    """The oracle venv's python if it can run the example (prefect, pytest and runfilter), else why not."""
    python = Path(os.environ.get("RUNFILTER_ORACLE_PYTHON") or REPO_ROOT / ".oracle-venv" / "bin" / "python")
    if not os.access(python, os.X_OK):
        return None, f"no oracle venv python at {python} (set RUNFILTER_ORACLE_PYTHON)"
    check = subprocess.run([str(python), "-c", "import prefect, pytest, runfilter"], capture_output=True, text=True)
    if check.returncode != 0:
        return None, f"{python} cannot import prefect, pytest and runfilter (see .ci/run): {check.stderr[-300:]}"
    return str(python), ""


@pytest.mark.parametrize("name", [name for name, (needs, _) in EXAMPLES.items() if needs is None])
def test_plain_example_runs(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": f"readme_{name.replace('-', '_')}"}
    exec(compile(EXAMPLES[name][1], f"README.md:{name}", "exec"), namespace)
    for test in [value for key, value in namespace.items() if key.startswith("test_") and callable(value)]:
        test()


@pytest.mark.parametrize("name", [name for name, (needs, _) in EXAMPLES.items() if needs == "prefect"])
def test_prefect_example_passes_under_real_prefect(name, tmp_path):
    python, reason = _prefect_python()
    if python is None:
        pytest.skip(reason)
    module = tmp_path / f"test_readme_{name.replace('-', '_')}.py"
    module.write_text(EXAMPLES[name][1])
    command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(module)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"\b[1-9]\d* passed\b", result.stdout) and "failed" not in result.stdout
