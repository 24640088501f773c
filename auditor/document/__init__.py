"""The document and its reading: files found and decoded, format readers, the text model, figures, tables, prose."""
