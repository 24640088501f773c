"""Plugin API: findings, severities and verified relations, importable here as documented in docs/writing-a-check.md.

The module lives in :mod:`auditor.checking.findings`; this path is kept so that third-party checks
written against it go on working.
"""

from auditor.checking.findings import *  # noqa: F403
