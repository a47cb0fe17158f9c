"""Topics beyond the documents: eager dispatch while streaming, speculation, rollback."""
