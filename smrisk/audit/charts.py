"""The report's charts: matplotlib figures written as SVG text, to be inlined in the page.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot, no GUI backend, no global state)
and saved with text kept as SVG text (``svg.fonttype = none``), which keeps each chart small and
lets the page's font draw it. Labels from the data (authors, channels) have ``$`` escaped, so
matplotlib never reads them as mathtext; matplotlib escapes ``<`` and ``&`` in the SVG it writes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from smrisk.audit.summary import Breakdown, Group, Timeline
from smrisk.categories import CATEGORIES

COLORS: dict[str, str] = {"confidential": "#1f6fb4", "derogatory": "#c8372d", "illegal": "#7b4fa8"}
_RC: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": "smrisk-audit", "font.size": 9, "axes.spines.top": False,
       "axes.spines.right": False, "font.family": "sans-serif"}
_LABEL_CHARS = 28


def _style() -> Any:
    """The charts' matplotlib settings, for one ``with`` block (never changed globally)."""
    return rc_context(_RC)  # type: ignore[arg-type]  # matplotlib types rc keys as literals


def _svg(figure: Figure) -> str:
    """The figure as an ``<svg>`` element (the XML prolog and doctype dropped)."""
    out = io.StringIO()
    with _style():
        figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    return text[text.index("<svg"):]


def _figure(width: float, height: float) -> Figure:
    with _style():
        return Figure(figsize=(width, height), layout="constrained")


def label(value: str) -> str:
    """A data value as an axis label: short, one line, never mathtext."""
    flat = " ".join(value.split())
    flat = flat if len(flat) <= _LABEL_CHARS else flat[: _LABEL_CHARS - 1] + "…"
    return flat.replace("\\", "\\\\").replace("$", r"\$")


def timeline_chart(timeline: Timeline) -> str:
    """Flagged posts per period, one line per risk, and all posts in grey behind them."""
    with _style():
        figure = _figure(9, 2.8)
        axes = figure.add_subplot()
        x = np.arange(len(timeline.periods))
        axes.bar(x, [g.posts for g in timeline.periods], color="#dddddd", label="posts", width=1.0)
        for k, risk in enumerate(CATEGORIES):
            axes.plot(x, [g.flags[k] for g in timeline.periods], color=COLORS[risk], label=risk, linewidth=1.6,
                      marker="o" if len(x) < 40 else None, markersize=3)
        step = max(1, len(x) // 10)
        axes.set_xticks(x[::step], [timeline.periods[i].name for i in x[::step]], rotation=30, ha="right")
        axes.set_ylabel(f"posts per {timeline.unit}")
        # above the plot, not over the bars (an integrator's trial: the legend hid the first periods)
        figure.legend(*axes.get_legend_handles_labels(), loc="outside upper center", frameon=False, ncols=4)
        return _svg(figure)


def groups_chart(breakdown: Breakdown) -> str:
    """Flagged posts per author or channel, stacked by risk (a post flagged for two risks counts in both)."""
    groups: Sequence[Group] = breakdown.groups
    with _style():
        figure = _figure(9, 0.8 + 0.26 * max(1, len(groups)))
        axes = figure.add_subplot()
        y = np.arange(len(groups))[::-1]
        left = np.zeros(len(groups))
        for k, risk in enumerate(CATEGORIES):
            values = np.array([g.flags[k] for g in groups], dtype=float)
            axes.barh(y, values, left=left, color=COLORS[risk], label=risk, height=0.7)
            left += values
        axes.set_yticks(y, [label(g.name) for g in groups])
        axes.set_xlabel("flags (posts flagged, per risk)")
        figure.legend(*axes.get_legend_handles_labels(), loc="outside upper center", frameon=False, ncols=3)
        return _svg(figure)


def distributions_chart(scores: Mapping[str, np.ndarray], marks: Mapping[str, Mapping[str, float]]) -> str:
    """One histogram of scores per risk (log count), with each named threshold drawn as a line."""
    styles = {"in this file": ("-", 1.8), "stricter": ("--", 1.2), "sensitive": (":", 1.4)}
    with _style():
        figure = _figure(9, 2.9)
        axes_row = figure.subplots(1, len(CATEGORIES), sharey=True)
        for axes, risk in zip(axes_row, CATEGORIES, strict=True):
            values = scores[risk][~np.isnan(scores[risk])]
            axes.hist(values, bins=np.linspace(0, 1, 41), color=COLORS[risk], alpha=0.75)
            axes.set_yscale("log")
            axes.set_title(risk)
            axes.set_xlim(0, 1)
            axes.set_xlabel("score")
            for name, value in marks.get(risk, {}).items():
                style, width = styles.get(name, ("-.", 1.0))
                axes.axvline(value, color="#222222", linestyle=style, linewidth=width, label=f"{name} {value:.2f}")
            axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), frameon=False, fontsize=8)
        axes_row[0].set_ylabel("posts (log scale)")
        return _svg(figure)
