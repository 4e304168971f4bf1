"""The REST API (DESIGN §5): thin views over the same services and selectors as the pages."""
