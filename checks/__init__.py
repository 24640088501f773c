"""Built-in check families, one module per family, registered through the
``auditor.checks`` entry-point group exactly as a third-party plugin would be."""
