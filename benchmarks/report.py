"""Target checks and the Markdown report of a benchmark run."""

from __future__ import annotations

from typing import Any

import mix


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value:.3f}"
    if value < 10:
        return f"{value:.2f}"
    if value < 100:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def _spread(summary: dict[str, Any] | None) -> str:
    """``median (min–p90)`` of a timing summary."""
    if summary is None:
        return "—"
    return f"{_ms(summary['median_ms'])} ({_ms(summary['min_ms'])}–{_ms(summary['p90_ms'])}, n={summary['repeats']})"


def _ratio(slow: dict[str, Any] | None, fast: dict[str, Any]) -> float | None:
    if slow is None or fast["median_ms"] <= 0:
        return None
    return slow["median_ms"] / fast["median_ms"]


def query_verdict(entry: dict[str, Any]) -> dict[str, Any]:
    """Speed-ups of one query row and which of its targets are met (None = not measured)."""
    fast = entry["runfilter"]
    vs_naive, vs_prefect = _ratio(entry.get("naive"), fast), _ratio(entry.get("prefect"), fast)
    checks = {
        "budget": None if entry["budget_ms"] is None else fast["median_ms"] <= entry["budget_ms"],
        "vs_naive": None if vs_naive is None else vs_naive >= mix.MIN_SPEEDUP_VS_NAIVE,
        "vs_prefect": None if vs_prefect is None else vs_prefect >= mix.MIN_SPEEDUP_VS_PREFECT,
    }
    return {"x_vs_naive": vs_naive, "x_vs_prefect": vs_prefect, "checks": checks,
            "met": all(v is not False for v in checks.values())}


def _target_text(entry: dict[str, Any]) -> str:
    parts = [] if entry["budget_ms"] is None else [f"≤{entry['budget_ms']:g} ms"]
    parts += [f"≥{mix.MIN_SPEEDUP_VS_NAIVE:g}x naive", f"≥{mix.MIN_SPEEDUP_VS_PREFECT:g}x Prefect"]
    return ", ".join(parts)


def _met_text(verdict: dict[str, Any]) -> str:
    names = {"budget": "time", "vs_naive": "naive", "vs_prefect": "Prefect"}
    failed = [names[k] for k, v in verdict["checks"].items() if v is False]
    unmeasured = [names[k] for k, v in verdict["checks"].items() if v is None and k != "budget"]
    text = "yes" if not failed else "NO: " + ", ".join(failed)
    return text + (f" ({', '.join(unmeasured)} not run)" if unmeasured else "")


def size_targets(size: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-query targets that apply to one size: load throughput and, at 100k runs, peak RSS."""
    out = [{"name": "load throughput", "value": f"{size['load']['records_per_s']:,.0f} records/s",
            "target": f"≥ {mix.MIN_LOAD_RECORDS_PER_S:,} records/s",
            "met": size["load"]["records_per_s"] >= mix.MIN_LOAD_RECORDS_PER_S}]
    memory = size.get("memory")
    if memory is not None and size["flow_runs"] >= mix.PEAK_RSS_TARGET_RUNS:
        out.append({"name": "peak RSS (VmHWM)", "value": f"{memory['peak_rss_mb']:,.0f} MB",
                    "target": f"≤ {mix.MAX_PEAK_RSS_MB:,.0f} MB", "met": memory["peak_rss_mb"] <= mix.MAX_PEAK_RSS_MB})
    return out


def first_query_target(first: dict[str, Any]) -> dict[str, Any]:
    """The time-to-first-query target, from the probe's median sample."""
    return {"name": f"time to first query ({first['flow_runs']:,} runs)", "value": f"{first['median_s']:.2f} s",
            "target": f"≤ {mix.MAX_TIME_TO_FIRST_QUERY_S:g} s",
            "met": first["median_s"] <= mix.MAX_TIME_TO_FIRST_QUERY_S}


def render_size(size: dict[str, Any]) -> list[str]:
    """Markdown lines for one dataset size: header, query table, answer checks, size-level targets."""
    load = size["load"]
    lines = [
        f"### {size['flow_runs']:,} flow runs, {size['task_runs']:,} task runs ({load['records']:,} records)",
        "",
        f"Load (`Store.from_dataset`): {load['seconds']:.2f} s = {load['records_per_s']:,.0f} records/s "
        f"(dataset generated in {size['generate_s']:.1f} s).",
    ]
    prefect = size.get("prefect")
    if prefect:
        lines.append(f"Prefect {prefect['prefect']}: load {prefect['load']['total_s']:.1f} s, "
                     f"peak RSS {prefect['peak_rss_mb']:,.0f} MB (SQLite file database, in-process HTTP app).")
    lines += [
        "",
        "Medians in ms, `median (min–p90, n=repeats)` after warm-up.",
        "",
        "| query | runfilter median ms | naive median ms | Prefect median ms | x vs naive | x vs Prefect "
        "| target | met? |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for entry in size["queries"]:
        verdict = entry["verdict"]
        ratio = [f"{r:,.0f}x" if r is not None and r >= 10 else ("—" if r is None else f"{r:.1f}x")
                 for r in (verdict["x_vs_naive"], verdict["x_vs_prefect"])]
        lines.append(f"| ({entry['key']}) {entry['label']} | {_spread(entry['runfilter'])} | "
                     f"{_spread(entry.get('naive'))} | {_spread(entry.get('prefect'))} | {ratio[0]} | {ratio[1]} | "
                     f"{_target_text(entry)} | {_met_text(verdict)} |")
    for entry in size["queries"]:
        baseline = entry.get("rows_x_buckets")
        if baseline:
            speedup = baseline["median_ms"] / entry["runfilter"]["median_ms"]
            lines += ["", f"({entry['key']}) against the naive rows × buckets history (one scan of every run per "
                          f"interval): {_spread(baseline)} ms, runfilter {speedup:,.0f}x faster; same answer: "
                          f"{'yes' if baseline['same_answer'] else 'NO'}."]
    lines += ["", "Answers:"]
    for entry in size["queries"]:
        checks = [f"naive {'MISMATCH' if entry['naive_diffs'] else 'match'}" if "naive_diffs" in entry else None,
                  f"Prefect {entry['prefect_verdict']}" if "prefect_verdict" in entry else None]
        lines.append(f"- ({entry['key']}) {entry['result']}: " + "; ".join(c for c in checks if c))
        for diff in (entry.get("naive_diffs") or [])[:3] + (entry.get("prefect_diffs") or [])[:3]:
            lines.append(f"  - `{diff[:300]}`")
    lines += ["", *target_lines(size_targets(size))]
    return lines


def target_lines(targets: list[dict[str, Any]]) -> list[str]:
    """One bullet per target: name, value, target, met."""
    return [f"- {t['name']}: {t['value']} (target {t['target']}): {'met' if t['met'] else 'NOT MET'}"
            for t in targets]
