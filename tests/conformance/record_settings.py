"""Record the settings a Prefect 3.9.1 server configured like runfilter reports (maintainers' tooling).

Run with the oracle's interpreter::

    .oracle-venv/bin/python tests/conformance/record_settings.py

``GET /api/admin/settings`` returns the server's own Prefect settings. A
runfilter server behaves like a Prefect server with every background
service off, no analytics and no block registration, so that is the
configuration recorded here, in a clean environment whose home directory is
written as ``~``. The result is ``src/runfilter/api/data/prefect_settings.json``;
never edit it by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parents[1] / "src" / "runfilter" / "api" / "data" / "prefect_settings.json"
FAKE_HOME = "/home/prefect-settings"
SERVICES = (
    "CANCELLATION_CLEANUP DB_VACUUM EVENT_PERSISTER EVENT_LOGGER FOREMAN LATE_RUNS SCHEDULER "
    "PAUSE_EXPIRATIONS REPOSSESSOR CLEANUP_RECONCILER TASK_RUN_RECORDER TRIGGERS"
).split()
DUMP = (
    "import json, prefect.settings; print(json.dumps(prefect.settings.get_current_settings().model_dump(mode='json')))"
)


def main() -> int:
    env = {"HOME": FAKE_HOME, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    env |= {
        "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        **{f"PREFECT_SERVER_SERVICES_{name}_ENABLED": "false" for name in SERVICES},
    }
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", DUMP], env=env, capture_output=True, text=True, check=True
    )
    text = out.stdout.replace(FAKE_HOME, "~")
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(json.dumps(json.loads(text), indent=1) + "\n")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
