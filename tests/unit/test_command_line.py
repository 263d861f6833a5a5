"""The ``runfilter`` command line: bad invocations are one line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from runfilter import cli
from runfilter.server import AccessEntry

DATASET = {"flows": [{"id": "00000000-0000-0000-0000-000000000001", "name": "etl"}]}
QUERIES = [{"endpoint": "flows/count", "body": {}}]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {
        "dataset": tmp_path / "dataset.json",
        "queries": tmp_path / "queries.json",
        "empty": tmp_path / "empty.json",
        "broken": tmp_path / "broken.json",
        "bad_dataset": tmp_path / "bad.json",
        "not_list": tmp_path / "not_list.json",
    }
    paths["dataset"].write_text(json.dumps(DATASET))
    paths["queries"].write_text(json.dumps(QUERIES))
    paths["empty"].write_text("")
    paths["broken"].write_text("{")
    paths["bad_dataset"].write_text(json.dumps({"flows": [{"name": 3}]}))
    paths["not_list"].write_text("{}")
    return {name: str(path) for name, path in paths.items()}


BAD_INVOCATIONS = {
    "output in a missing folder": (["query", "{dataset}", "{queries}", "-o", "/nonexistent/out.json"], "cannot write"),
    "port out of range": (["serve", "{dataset}", "--port", "99999"], "--port must be between 0 and 65535"),
    "no demo runs": (["demo", "--flow-runs", "0"], "--flow-runs must be at least 1"),
    "bad --now": (["query", "{dataset}", "{queries}", "--now", "yesterday"], "--now 'yesterday'"),
    "bad --now for serve": (["serve", "{dataset}", "--now", "soon"], "--now 'soon'"),
    "empty dataset file": (["query", "{empty}", "{queries}"], "is empty"),
    "dataset not JSON": (["query", "{broken}", "{queries}"], "is not JSON"),
    "missing dataset": (["query", "/nonexistent.json", "{queries}"], "cannot read dataset"),
    "invalid dataset": (["query", "{bad_dataset}", "{queries}"], "dataset error: flows[0].name"),
    "queries not a list": (["query", "{dataset}", "{not_list}"], "must be a JSON list"),
    "clock step without now": (["query", "{dataset}", "{queries}", "--clock-step", "1"], "--clock-step needs --now"),
    "both from stdin": (["query", "-", "-"], "only one of DATASET and QUERIES"),
    "serve a missing file": (["serve", "/nonexistent.json", "--port", "0"], "cannot read dataset"),
    "serve an invalid dataset": (["serve", "{bad_dataset}", "--port", "0"], "dataset error"),
}


@pytest.mark.parametrize("name", BAD_INVOCATIONS)
def test_a_bad_invocation_is_one_line_and_an_exit_status(
    name: str, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv, message = BAD_INVOCATIONS[name]
    try:
        status = cli.main([arg.format(**files) for arg in argv])
    except SystemExit as exc:  # argparse's own usage errors
        status = exc.code
    err = capsys.readouterr().err
    assert status not in (0, None)
    assert message in err
    assert "Traceback" not in err
    # one message line (argparse prints its usage block before it)
    assert [line for line in err.splitlines() if line.startswith("runfilter")] == [err.strip().splitlines()[-1]]


def test_an_unassignable_host_does_not_suggest_another_port(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["serve", files["dataset"], "--host", "192.0.2.1", "--port", "0", "--quiet"])
    err = capsys.readouterr().err
    assert status == 2 and "cannot listen on 192.0.2.1:0" in err and "--port 0" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("runfilter ")


def test_stdin_and_stdout(files: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(QUERIES)))
    assert cli.main(["query", files["dataset"], "-", "-o", "-", "--indent", "-1"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"status": 200, "response": 1}]


def test_every_option_has_help() -> None:
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices
    for name, sub in subparsers.items():
        for action in sub._actions:
            assert action.help, f"runfilter {name} {action.option_strings or action.dest} has no help"


def test_the_access_log_line() -> None:
    entry = AccessEntry(("127.0.0.1", 50312), "POST", "/api/flows/filter", "HTTP/1.1", 501, 0.42)
    assert entry.line() == '127.0.0.1:50312 - "POST /api/flows/filter HTTP/1.1" 501 0.4 ms'


def test_serve_logs_each_request_unless_quiet(files: dict[str, str]) -> None:
    import httpx

    for quiet in (False, True):
        argv = [sys.executable, "-m", "runfilter", "serve", files["dataset"], "--port", "0", *(["--quiet"] * quiet)]
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            url = ""
            assert proc.stdout is not None
            for line in proc.stdout:
                if "export PREFECT_API_URL=" in line:
                    url = line.split("=", 1)[1].split()[0]
                    break
            assert httpx.post(f"{url}/flows/count", json={}).json() == 1
            assert httpx.get(f"{url}/artifacts/nothing-here/latest").status_code == 404
        finally:
            proc.terminate()
            out, err = proc.communicate(timeout=30)
        assert "Traceback" not in err
        logged = [line for line in out.splitlines() if '" 20' in line or '" 40' in line]
        if quiet:
            assert logged == []
        else:
            assert '"POST /api/flows/count HTTP/1.1" 200' in logged[0]
            assert '"GET /api/artifacts/nothing-here/latest HTTP/1.1" 404' in logged[1]
