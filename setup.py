"""Data files of the installed copy (everything else is in pyproject.toml).

`pip install /path/to/checkout` installs the Python packages into site-packages; the templates
and the static sources are not Python packages, so they are installed as data files under
`<environment>/share/rutan-pembinaan-kesenian/`, keeping their folders. rutan/settings.py looks
there when it does not run from a checkout (ASSETS_DIR). MANIFEST.in puts them in the sdist.
"""

import os

from setuptools import setup

SHARE = "share/rutan-pembinaan-kesenian"


def tree(root: str) -> list[tuple[str, list[str]]]:
    found = []
    for folder, _dirs, files in sorted(os.walk(root)):
        if files:
            found.append(
                (f"{SHARE}/{folder}", [os.path.join(folder, name) for name in sorted(files)])
            )
    return found


setup(data_files=tree("templates") + tree("static"))
