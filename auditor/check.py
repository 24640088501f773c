"""Plugin API: the check base class and its options, importable here as documented in docs/writing-a-check.md.

The module lives in :mod:`auditor.checking.check`; this path is kept so that third-party checks
written against it go on working.
"""

from auditor.checking.check import *  # noqa: F403
