"""auditor: a consistency-auditing linter for reports full of numbers.

The package is split so that each module owns one thing:

- ``source``    decoded text, offsets and line/column spans
- ``lexicon``   domain knowledge as data (units, magnitudes, column synonyms, totals)
- ``numbers``   the quantity reader (text -> Quantity)
- ``arith``     all tolerance and interval arithmetic
- ``model``     the document model (slotted dataclasses)
- ``reader``    plain text / Markdown -> Document
- ``tables``    table structure: header rows, columns, sides, row hierarchy
- ``check``     the check interface and registry; ``checks/`` holds the built-ins
- ``engine``    runs checks on documents
- ``render``    one renderer per output format
- ``cli``       the ``auditor`` command
"""

__version__ = "0.1.0"
