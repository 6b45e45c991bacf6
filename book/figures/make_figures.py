"""Generate the figures of the recurrent-networks chapter (book/recurrent.md).

    .venv/bin/python book/figures/make_figures.py

writes, next to this script,

* ``rnn_unrolled.svg``      -- the RNN folded and unrolled over four time steps;
* ``rnn_gradient_norm.svg`` -- ||dh_T/dh_t|| against T - t for random RNNs;
* ``lstm_cell.svg``         -- the LSTM cell, with the additive cell path.

The output is deterministic (fixed seeds, fixed SVG ids via ``svg.hashsalt``,
no date in the metadata), so re-running the script on the same matplotlib
version leaves the committed files unchanged (``tests/test_book.py`` checks
this by writing them elsewhere with ``--out DIR``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE  # where the figures are written (see --out)

plt.rcParams.update(
    {
        "svg.hashsalt": "zoo-of-models",
        "svg.fonttype": "path",
        "font.family": "DejaVu Sans",
        "mathtext.fontset": "dejavusans",
        "font.size": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

# Colours (colour-blind safe, Okabe-Ito).
C_IN = "#56B4E9"  # inputs
C_HID = "#E69F00"  # hidden state
C_OUT = "#009E73"  # outputs
C_LOSS = "#CC79A7"
C_W = "#D55E00"  # recurrent weight / cell path
INK = "#222222"


def save(fig, name: str) -> Path:
    path = OUT / name
    fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return path


# ---------------------------------------------------------------------------
# Figure 1: the RNN, folded and unrolled over four steps
# ---------------------------------------------------------------------------


def node(ax, xy, text, color, w=0.78, h=0.56, round_=True):
    x, y = xy
    style = "round,pad=0.02,rounding_size=0.12" if round_ else "square,pad=0.02"
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2), w, h, boxstyle=style, fc=color, ec=INK, lw=1.2, alpha=0.9
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=13, color=INK)


def arrow(ax, p, q, label=None, color=INK, label_offset=(0.0, 0.0), rad=0.0, lw=1.4, ls="-"):
    ax.add_patch(
        FancyArrowPatch(
            p,
            q,
            arrowstyle="-|>",
            mutation_scale=14,
            color=color,
            lw=lw,
            ls=ls,
            connectionstyle=f"arc3,rad={rad}",
            shrinkA=0,
            shrinkB=0,
        )
    )
    if label:
        mx, my = (p[0] + q[0]) / 2 + label_offset[0], (p[1] + q[1]) / 2 + label_offset[1]
        ax.text(mx, my, label, ha="center", va="center", fontsize=12, color=color)


def figure_unrolled() -> Path:
    fig, ax = plt.subplots(figsize=(11.0, 4.1))
    ax.set_xlim(-0.9, 11.5)
    ax.set_ylim(-0.65, 4.35)
    ax.set_aspect("equal")
    ax.axis("off")

    yx, yh, yo, yl = 0.0, 1.4, 2.8, 3.95
    hh = 0.28  # half height of a node

    # Folded network on the left.
    fx = 0.2
    node(ax, (fx, yx), r"$x_t$", C_IN)
    node(ax, (fx, yh), r"$h_t$", C_HID)
    node(ax, (fx, yo), r"$o_t$", C_OUT)
    arrow(ax, (fx, yx + hh), (fx, yh - hh), r"$U$", label_offset=(-0.25, 0))
    arrow(ax, (fx, yh + hh), (fx, yo - hh), r"$V$", label_offset=(-0.25, 0))
    # self loop
    ax.add_patch(
        FancyArrowPatch(
            (fx + 0.3, yh + 0.28),
            (fx + 0.3, yh - 0.28),
            arrowstyle="-|>",
            mutation_scale=14,
            color=C_W,
            lw=1.6,
            connectionstyle="arc3,rad=-1.35",
            shrinkA=0,
            shrinkB=0,
        )
    )
    ax.text(fx + 0.92, yh, r"$W$", color=C_W, fontsize=12, ha="center", va="center")
    ax.text(fx, -0.55, "folded", ha="center", va="center", fontsize=10, color="#555555")
    ax.text(1.85, yh, "=", fontsize=22, ha="center", va="center", color=INK)

    # Unrolled network.
    x0 = 2.6
    node(ax, (x0, yh), r"$h_0$", "#F3D9A8")
    xs = [x0 + 1.9 * (t + 1) for t in range(4)]
    prev = x0
    for t, x in enumerate(xs, start=1):
        node(ax, (x, yx), rf"$x_{t}$", C_IN)
        node(ax, (x, yh), rf"$h_{t}$", C_HID)
        node(ax, (x, yo), rf"$o_{t}$", C_OUT)
        ax.text(x, yl, rf"$L_{t}$", ha="center", va="center", fontsize=12, color=INK,
                bbox=dict(boxstyle="round,pad=0.25", fc="#F4D3E6", ec=C_LOSS))
        arrow(ax, (x, yx + hh), (x, yh - hh), r"$U$", label_offset=(-0.22, 0))
        arrow(ax, (x, yh + hh), (x, yo - hh), r"$V$", label_offset=(-0.22, 0))
        arrow(ax, (x, yo + hh), (x, yl - 0.25), None, color=C_LOSS, lw=1.1)
        ax.text(x + 0.42, (yo + yl) / 2 - 0.05, r"$y_{%d}$" % t, fontsize=10, color=C_LOSS,
                ha="left", va="center")
        arrow(ax, (prev + 0.39, yh), (x - 0.39, yh), r"$W$", color=C_W, label_offset=(0, 0.22))
        prev = x
    arrow(ax, (prev + 0.39, yh), (prev + 1.15, yh), None, color=C_W, ls="--")
    ax.text(xs[0] - 0.95, -0.55,
            r"unrolled: the same $U, W, V, b, c$ at every step;  $L = L_1 + L_2 + L_3 + L_4$",
            ha="left", va="center", fontsize=10, color="#555555")
    return save(fig, "rnn_unrolled.svg")


# ---------------------------------------------------------------------------
# Figure 2: vanishing and exploding gradients
# ---------------------------------------------------------------------------


def jacobian_norms(rho: float, n: int = 256, T: int = 60, drive: float = 0.1, seed: int = 0):
    """||dh_T/dh_{T-k}||_2 for k = 0..T-1, for h_t = tanh(W h_{t-1} + u_t) with
    W a random Gaussian matrix rescaled to spectral radius ``rho``; and, for the
    same W, the linearised network (tanh' = 1): ||W^k||_2."""
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((n, n)) / np.sqrt(n)
    W *= rho / np.max(np.abs(np.linalg.eigvals(W)))
    U = rng.standard_normal((n, 8)) / np.sqrt(8)
    X = rng.standard_normal((T, 8))
    h = rng.standard_normal(n)  # a generic starting state
    jac = []
    for t in range(T):
        h = np.tanh(W @ h + drive * (U @ X[t]))
        jac.append((1.0 - h**2)[:, None] * W)  # dh_t/dh_{t-1} = diag(1 - h_t^2) W
    P, Q = np.eye(n), np.eye(n)
    tanh_norms, lin_norms = [1.0], [1.0]
    for k in range(T - 1, 0, -1):
        P = P @ jac[k]
        Q = Q @ W
        tanh_norms.append(np.linalg.norm(P, 2))
        lin_norms.append(np.linalg.norm(Q, 2))
    return np.array(tanh_norms), np.array(lin_norms)


def figure_gradient_norm() -> Path:
    fig, ax = plt.subplots(figsize=(7.2, 4.3))
    colors = {0.5: "#0072B2", 1.0: "#009E73", 1.5: "#D55E00"}
    for rho, col in colors.items():
        tanh_n, lin_n = jacobian_norms(rho)
        k = np.arange(len(tanh_n))
        ax.semilogy(k, tanh_n, color=col, lw=2.2, label=rf"$\tanh$ RNN, $\rho(W) = {rho}$")
        ax.semilogy(k, lin_n, color=col, lw=1.3, ls="--", label=rf"linear,  $\|W^{{k}}\|$, $\rho = {rho}$")
    ax.set_xlabel(r"$k = T - t$  (steps back in time)")
    ax.set_ylabel(r"$\|\partial h_T / \partial h_{T-k}\|_2$")
    ax.set_xlim(0, 59)
    ax.set_ylim(1e-20, 1e12)
    ax.axhline(1.0, color="#999999", lw=0.8, zorder=0)
    ax.grid(True, which="major", axis="y", color="#e6e6e6", lw=0.6)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, frameon=False)
    ax.set_title("Back-propagated Jacobian norm in a random RNN (256 units)", fontsize=11)
    return save(fig, "rnn_gradient_norm.svg")


# ---------------------------------------------------------------------------
# Figure 3: the LSTM cell
# ---------------------------------------------------------------------------


def op(ax, xy, text, color="#FFFFFF", r=0.26):
    ax.add_patch(Circle(xy, r, fc=color, ec=INK, lw=1.2, zorder=3))
    ax.text(*xy, text, ha="center", va="center", fontsize=13, zorder=4, color=INK)


def gate(ax, xy, text, sub, color):
    node(ax, xy, text, color, w=0.86, h=0.52, round_=False)
    ax.text(xy[0] + 0.1, xy[1] - 0.45, sub, ha="left", va="center", fontsize=11, color="#444444")


def line(ax, pts, color=INK, lw=1.4, arrow_end=True, zorder=1):
    xs, ys = zip(*pts)
    if len(pts) > 2:
        ax.plot(xs[:-1], ys[:-1], color=color, lw=lw, zorder=zorder, solid_capstyle="butt")
    if arrow_end:
        ax.add_patch(FancyArrowPatch(pts[-2], pts[-1], arrowstyle="-|>", mutation_scale=13,
                                     color=color, lw=lw, shrinkA=0, shrinkB=0, zorder=zorder))
    else:
        ax.plot(xs[-2:], ys[-2:], color=color, lw=lw, zorder=zorder)


def figure_lstm_cell() -> Path:
    fig, ax = plt.subplots(figsize=(9.0, 4.9))
    ax.set_xlim(-1.3, 9.6)
    ax.set_ylim(-1.55, 4.5)
    ax.set_aspect("equal")
    ax.axis("off")

    # Cell body.
    ax.add_patch(FancyBboxPatch((0.0, -0.55), 7.8, 4.55, boxstyle="round,pad=0.05,rounding_size=0.3",
                                fc="#F7F7F7", ec="#888888", lw=1.0, zorder=0))
    yc, yg, yin = 3.4, 1.0, -1.1
    # Gates.
    xi, xf, xg, xo = 1.0, 2.4, 3.8, 5.6
    gate(ax, (xf, yg), r"$\sigma$", r"$f_t$", "#F8C9A0")
    gate(ax, (xi, yg), r"$\sigma$", r"$i_t$", "#F8C9A0")
    gate(ax, (xg, yg), r"$\tanh$", r"$g_t$", "#FBE3A6")
    gate(ax, (xo, yg), r"$\sigma$", r"$o_t$", "#F8C9A0")

    # Inputs: x_t and h_{t-1} merge into a bus feeding every gate.
    ybus = 0.1
    ax.text(-1.0, ybus, r"$h_{t-1}$", ha="center", va="center", fontsize=13)
    line(ax, [(-0.6, ybus), (xo, ybus)], arrow_end=False)
    ax.text(0.45, yin - 0.05, r"$x_t$", ha="center", va="center", fontsize=13)
    line(ax, [(0.45, yin + 0.25), (0.45, ybus)], arrow_end=False)
    ax.add_patch(Circle((0.45, ybus), 0.05, color=INK, zorder=3))
    for x in (xi, xf, xg, xo):
        line(ax, [(x, ybus), (x, yg - 0.26)])
        ax.add_patch(Circle((x, ybus), 0.045, color=INK, zorder=3))

    # Cell path (the highlighted, additive route).
    xm, xp = xf, xg + 0.7
    op(ax, (xm, yc), r"$\times$")
    op(ax, (xp, yc), r"$+$")
    ax.text(-1.0, yc, r"$c_{t-1}$", ha="center", va="center", fontsize=13, color=C_W)
    line(ax, [(-0.6, yc), (xm - 0.26, yc)], color=C_W, lw=2.6)
    line(ax, [(xm + 0.26, yc), (xp - 0.26, yc)], color=C_W, lw=2.6)
    line(ax, [(xp + 0.26, yc), (8.7, yc)], color=C_W, lw=2.6)
    ax.text(9.1, yc, r"$c_t$", ha="center", va="center", fontsize=13, color=C_W)
    ax.text((xp + 8.7) / 2 + 0.3, yc + 0.72, r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$",
            ha="center", va="bottom", fontsize=10, color=C_W)

    # forget gate -> multiply on the cell path
    line(ax, [(xf, yg + 0.26), (xm, yc - 0.26)])
    # input gate * candidate -> add
    xig = (xi + xg) / 2 + 0.35
    yig = 2.25
    op(ax, (xig + 0.35, yig), r"$\times$")
    line(ax, [(xi, yg + 0.26), (xi, yig), (xig + 0.09, yig)])
    line(ax, [(xg, yg + 0.26), (xg, yig - 0.0), (xig + 0.61, yig)])
    line(ax, [(xig + 0.35, yig + 0.26), (xig + 0.35, 2.8), (xp, 2.8), (xp, yc - 0.26)])

    # output: h_t = o_t * tanh(c_t)
    xt, yt = 6.8, 2.35
    xh, yh = 6.8, 1.0
    line(ax, [(xt, yc), (xt, yt + 0.26)])
    ax.add_patch(Circle((xt, yc), 0.05, color=C_W, zorder=3))
    node(ax, (xt, yt), r"$\tanh$", "#FBE3A6", w=0.74, h=0.46, round_=True)
    op(ax, (xh, yh), r"$\times$")
    line(ax, [(xt, yt - 0.23), (xh, yh + 0.26)])
    line(ax, [(xo + 0.43, yg), (xh - 0.26, yh)])
    line(ax, [(xh + 0.26, yh), (8.7, yh)])
    ax.text(9.1, yh, r"$h_t$", ha="center", va="center", fontsize=13)
    line(ax, [(7.45, yh), (7.45, -1.0), (8.7, -1.0)], arrow_end=True)
    ax.add_patch(Circle((7.45, yh), 0.05, color=INK, zorder=3))
    ax.text(9.1, -1.0, r"$h_t$", ha="center", va="center", fontsize=13)
    ax.text(8.1, -1.35, "to the next step / layer", ha="center", va="center", fontsize=8.5,
            color="#555555")
    # Under the output's label, right of the branch to the next step: it crosses no line.
    ax.text(9.1, yh - 0.3, r"$h_t = o_t \odot \tanh(c_t)$", ha="center", va="top",
            fontsize=10, color=INK)
    return save(fig, "lstm_cell.svg")


def main(argv: list[str] | None = None) -> None:
    global OUT
    parser = argparse.ArgumentParser(description="Generate the recurrent chapter's figures.")
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: book/figures)")
    OUT = parser.parse_args(argv).out
    OUT.mkdir(parents=True, exist_ok=True)
    for make in (figure_unrolled, figure_gradient_norm, figure_lstm_cell):
        path = make()
        print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
