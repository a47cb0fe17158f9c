"""Topics beyond the documents: eager dispatch while streaming, speculation, rollback,
programmatic tool calling, results as they arrive, and unordered calls re-issued on error."""
