"""Plugin API: the document model a check reads, importable here as documented in docs/writing-a-check.md.

The module lives in :mod:`auditor.document.model`; this path is kept so that third-party checks
written against it go on working.
"""

from auditor.document.model import *  # noqa: F403
