"""Measurements that need a fresh interpreter: time to first query and peak memory.

Each probe is a ``python -c`` subprocess (the runner's own interpreter) that
prints one JSON line; it generates its dataset itself with
``runfilter.synthetic.generate`` (same arguments as the runner) and the
generation time is reported apart, since it stands for the user's data source.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent

# argv: wall-clock spawn time, flow runs, endpoint, body JSON.
# os._exit skips interpreter teardown, which is not part of answering the first query.
_FIRST_QUERY_CODE = """
import time
entered = time.time()
t0 = time.perf_counter()
import json, os, sys
import runfilter
from runfilter import Store
t1 = time.perf_counter()
from runfilter import synthetic
data = synthetic.generate(int(sys.argv[2]), task_runs_per_run=5, seed=1)
t2 = time.perf_counter()
store = Store.from_dataset(data, now=synthetic.NOW)
t3 = time.perf_counter()
status, payload = store.request(sys.argv[3], json.loads(sys.argv[4]))
t4 = time.perf_counter()
print(json.dumps({"startup_s": entered - float(sys.argv[1]), "import_s": t1 - t0, "generate_s": t2 - t1,
                  "build_s": t3 - t2, "query_s": t4 - t3, "status": status}), flush=True)
os._exit(0)
"""

# argv: benchmarks dir, flow runs. Reports RSS at each stage and the peak at the end. The peak is
# VmHWM, the high-water mark of this process image: Linux carries the spawning process's peak RSS
# across exec into ru_maxrss, so ru_maxrss here would report the runner's memory, not the probe's.
_MEMORY_CODE = """
import gc, json, os, resource, sys
sys.path.insert(0, sys.argv[1])
def rss_mb(field="VmRSS:"):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
stages = {"interpreter": rss_mb()}
from runfilter import Store, synthetic
from mix import query_mix
stages["imported"] = rss_mb()
data = synthetic.generate(int(sys.argv[2]), task_runs_per_run=5, seed=1)
queries = query_mix(data)
stages["dataset"] = rss_mb()
store = Store.from_dataset(data, now=synthetic.NOW)
stages["dataset_and_store"] = rss_mb()
del data
gc.collect()
stages["store"] = rss_mb()
for query in queries:
    store.request(query.endpoint, query.body)
gc.collect()
stages["store_after_query_mix"] = rss_mb()
peak = rss_mb("VmHWM:")
inherited = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# freed dataset memory is not returned while the store shares its strings, so the store's
# own footprint is read as the growth from "dataset" to "dataset_and_store"
increment = stages["dataset_and_store"] - stages["dataset"]
print(json.dumps({"peak_rss_mb": peak, "ru_maxrss_mb": inherited, "rss_mb_by_stage": stages,
                  "store_increment_mb": increment, "records": len(store)}), flush=True)
os._exit(0)
"""


def _run_probe(args: list[str], timeout_s: float) -> dict[str, Any]:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout_s, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"probe failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_to_first_query(flow_runs: int, endpoint: str, body: dict[str, Any], repeats: int) -> dict[str, Any]:
    """Fresh-process time from spawn to the first answer (import + build + query), `repeats` times.

    ``first_query_s`` = interpreter start-up + ``import runfilter`` + building
    the store + the first query; the data generation in between is excluded.
    Every sample keeps its breakdown; the median sample is reported on top.
    """
    samples = []
    for _ in range(repeats):
        spawned = time.time()
        t0 = time.perf_counter()
        sample = _run_probe(
            [sys.executable, "-c", _FIRST_QUERY_CODE, repr(spawned), str(flow_runs), endpoint, json.dumps(body)],
            timeout_s=600,
        )
        sample["process_wall_s"] = time.perf_counter() - t0
        sample["first_query_s"] = sample["startup_s"] + sample["import_s"] + sample["build_s"] + sample["query_s"]
        samples.append(sample)
    median = statistics.median(s["first_query_s"] for s in samples)
    typical = min(samples, key=lambda s: abs(s["first_query_s"] - median))
    return {"flow_runs": flow_runs, "endpoint": endpoint, "body": body, "median_s": median,
            "min_s": min(s["first_query_s"] for s in samples), "typical": typical, "samples": samples}


def peak_memory(flow_runs: int) -> dict[str, Any]:
    """Peak RSS (VmHWM) of a fresh process that generates `flow_runs` runs, builds the store and queries it."""
    report = _run_probe([sys.executable, "-c", _MEMORY_CODE, str(BENCH_DIR), str(flow_runs)], timeout_s=1800)
    report["flow_runs"] = flow_runs
    return report
