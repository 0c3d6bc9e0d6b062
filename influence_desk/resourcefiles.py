"""The data the program ships with (resources/: taxonomy, demo data, fonts, translations,
name data), found in one place whether the program runs from a checkout or from a wheel.

In the repository resources/ sits at the top, beside influence_desk/ and ui/ (the layout
the design asks for). The build maps it into the wheel as ``influence_desk/resources``
(setup.py), so an installed program finds it inside its own package through
``importlib.resources``; in a checkout (an editable install, or the tests run from the
source tree) the package has no such folder and the data is the repository's resources/
beside it. Every reader asks :func:`resource_path`, never ``__file__``.

Installed packages are always unpacked on disk (pip does not run wheels from a zip), and
Qt's translator and reportlab's font loader want file names, so this returns a ``Path``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

BUNDLED_NAME = "resources"


@cache
def resources_root() -> Path:
    """The folder that holds the shipped data: inside the package when installed from a
    wheel, else the repository's resources/ beside the package (a checkout)."""
    package = Path(str(files("influence_desk")))
    bundled = package / BUNDLED_NAME
    if bundled.is_dir():
        return bundled
    return package.parent / BUNDLED_NAME


def resource_path(*parts: str) -> Path:
    """A file or folder of the shipped data, e.g. ``resource_path("fonts", "DejaVuSans.ttf")``.

    Whether it exists is the caller's business: each reader turns a missing file into its
    own sentence (errors.py)."""
    return resources_root().joinpath(*parts)
