"""What auditor knows of the reports: the standard disclosure tables and a report's kind, year and scope."""
