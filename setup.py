"""Which packages the distribution installs; everything else is in pyproject.toml.

The built-in checks live in the folder ``checks/`` but are installed as the package
``auditor_checks``: a top-level package named ``checks`` would collide with any other
distribution's. A top-level name (rather than ``auditor.builtin``) keeps the core package
free of the checks that import it, and is the mapping editable installs support best.
Sub-packages of ``auditor`` are found, not listed, so a new one cannot be left out of the
wheel (``tests/test_packaging.py`` checks that every module is in it).
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["auditor", "auditor.*"]), "auditor_checks"],
    package_dir={"auditor_checks": "checks"},
)
