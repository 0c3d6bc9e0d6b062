"""The one part of the build that pyproject.toml cannot say (everything else is there).

resources/ stays at the top of the repository, beside influence_desk/ and ui/, as the design
asks; the wheel carries all of it as ``influence_desk/resources`` (data packages mapped from
that folder and its sub-folders), where influence_desk.resourcefiles finds it. New data under
resources/ (a font, a name list, a translation, a new sub-folder) ships without any change
here. The translation sources (.ts) and their update script are for developers and stay out.
"""

from pathlib import Path

from setuptools import find_packages, setup

ROOT = Path(__file__).resolve().parent
BUNDLED = "influence_desk.resources"


def data_packages() -> list[str]:
    """resources/ and each folder below it, as packages of data files (no Python in them)."""
    top = ROOT / "resources"
    folders = [top, *sorted(p for p in top.rglob("*") if p.is_dir() and p.name != "__pycache__")]
    return [".".join([BUNDLED, *f.relative_to(top).parts]) for f in folders]


DATA = data_packages()

setup(
    packages=[*find_packages(include=["influence_desk", "influence_desk.*", "ui", "ui.*"]), *DATA],
    package_dir={BUNDLED: "resources"},
    package_data={name: ["*"] for name in DATA},
    exclude_package_data={name: ["*.ts", "*.sh"] for name in DATA},
)
