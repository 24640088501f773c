"""The checking API: checks and their registry, findings, the arithmetic, the engine that runs checks on a document."""
