"""The benchmark's results as a Markdown table."""

from __future__ import annotations

COLD_LIMIT_S = 1.0
WARM_FACTOR = 1.5


def markdown(results: dict) -> str:
    lines = [
        f"Scale {results['scale']:g}: {results['users']:,} users, "
        f"{results['activity_rows']:,} activity rows, {results['dialect']}; {results['machine']}.",
        "",
        "| what | time | peak memory | goal |",
        "|---|---:|---:|---|",
    ]
    if "generate" in results:
        step = results["generate"]
        lines.append(
            f"| generate sample data | {step['seconds']:.1f} s | {step['peak_mb']:.0f} MB | |"
        )
    if "load" in results:
        load = results["load"]
        lines.append(
            f"| load {load['rows']:,} rows (validate, upsert, rollups) | {load['seconds']:.1f} s = "
            f"{load['rows_per_second']:,.0f} rows/s | {load['peak_mb']:.0f} MB | "
            f">= 100,000 rows/s: {_met(load['rows_per_second'] >= 100_000)} |"
        )
    pages, empty, tiny = results["pages"], results["empty_pages"], results.get("tiny_pages")
    for page, runs in pages["runs"].items():
        empty_warm = empty["runs"][page]["warm"]
        references = f"empty data: {empty_warm * 1000:.0f} ms"
        verdicts = [
            f"cold <= 1 s: {_met(runs['cold'] <= COLD_LIMIT_S)}",
            f"warm <= 1.5x empty: {_met(runs['warm'] <= WARM_FACTOR * empty_warm)}",
        ]
        if tiny is not None:
            tiny_warm = tiny["runs"][page]["warm"]
            references += f", tiny data: {tiny_warm * 1000:.0f} ms"
            verdicts.append(f"warm <= 1.5x tiny: {_met(runs['warm'] <= WARM_FACTOR * tiny_warm)}")
        lines.append(
            f"| page {page}: cold / warm ({references}) | "
            f"{runs['cold'] * 1000:.0f} / {runs['warm'] * 1000:.0f} ms | | {'; '.join(verdicts)} |"
        )
    lines.append(
        f"| dashboard process (all pages, cold and warm) | | {pages['peak_mb']:.0f} MB | "
        f"< 500 MB: {_met(pages['peak_mb'] < 500)} |"
    )
    for name, step in results["metrics"].items():
        lines.append(
            f"| python -m metrics {name} (whole process) | {step['seconds'] * 1000:.0f} ms | "
            f"{step['peak_mb']:.0f} MB | |"
        )
    return "\n".join(lines)


def _met(met: bool) -> str:
    return "met" if met else "NOT met"
