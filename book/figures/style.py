"""The look of the chapter figures drawn by scripts, and how they are saved (reproducibly: no dates,
fixed SVG ids). Importing this module selects the Agg backend and sets the style."""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "zoo-of-models", "svg.fonttype": "path", "font.family": "DejaVu Sans",
                     "mathtext.fontset": "dejavusans", "font.size": 11, "axes.spines.top": False,
                     "axes.spines.right": False})


def save(fig, out: Path, name: str) -> None:
    """Write ``fig`` to ``out/name`` (SVG or PNG, from the extension) and close it."""
    kind = name.rsplit(".", 1)[1]
    metadata = {"Date": None} if kind == "svg" else {"Software": None}
    fig.savefig(out / name, format=kind, bbox_inches="tight", dpi=130, metadata=metadata)
    plt.close(fig)
    print("wrote", out / name)
