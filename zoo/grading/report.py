"""The per-question report of a graded batch: how hard each question was and how well it separates."""
import numpy as np

from zoo.grading.process import hours_section


def item_rest_correlation(item, total):
    """Pearson correlation of a question's score with the rest of the total; None when either is constant."""
    rest = total - item
    if np.std(item) == 0 or np.std(rest) == 0:
        return None
    return float(np.corrcoef(item, rest)[0, 1])


def question_stats(questions, rows, maximum):
    scores = np.array([row for row in rows.values()], dtype=float).reshape(len(rows), len(questions) + 1)
    stats = []
    for k, (name, most) in enumerate(zip(questions, maximum)):
        item = scores[:, k]
        stats.append({"question": name, "max": most, "mean": float(item.mean()) if len(item) else 0.0,
                      "full_marks": float((item >= most).mean()) if len(item) else 0.0,
                      "discrimination": item_rest_correlation(item, scores[:, -1]) if len(item) > 2 else None})
    return stats, scores[:, -1]


def write_report(out, assignment, questions, rows, maximum, timing, flagged=()):
    """``<out>_report.md`` (a table per question, timings, ``flagged``: what needs the instructor) and
    ``<out>_totals.png`` (histogram of totals)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    stats, totals = question_stats(questions, rows, maximum)
    figure = out.with_name(out.stem + "_totals.png")
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist(totals, bins=np.linspace(0, sum(maximum), min(int(sum(maximum)), 20) + 1), color="#0072B2", edgecolor="white")
    ax.set(xlabel=f"total score (of {sum(maximum):g})", ylabel="submissions", title=f"{assignment}: {len(totals)} submissions")
    fig.tight_layout()
    fig.savefig(figure, dpi=120)
    plt.close(fig)
    lines = [f"# {assignment}: {len(rows)} submissions", "",
             *([f"**Needs attention** ({len(flagged)}):", "", *(f"- {line}" for line in flagged), ""] if flagged else []),
             f"Mean total {totals.mean():.2f} of {sum(maximum):g} (median {np.median(totals):g})." if len(totals) else "",
             "", "| question | max | mean | full marks | discrimination (item-rest r) |", "|---|---|---|---|---|"]
    for s in stats:
        r = "n/a" if s["discrimination"] is None else f"{s['discrimination']:.2f}"
        lines.append(f"| {s['question']} | {s['max']:g} | {s['mean']:.2f} | {s['full_marks']:.0%} | {r} |")
    lines += ["", f"![totals]({figure.name})", "",
              f"Graded {timing['graded']} (reused {timing['reused']} unchanged) in {timing['wall_seconds']:.1f} s; "
              f"median {timing['median_seconds']:.2f} s per graded submission.", ""]
    lines += hours_section(out)  # the survey's hours per assignment, from process.csv
    report = out.with_name(out.stem + "_report.md")
    report.write_text("\n".join(lines))
    return report
