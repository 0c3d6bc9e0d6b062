"""Importing notes from other tools: CSV with a column mapping (csv_notes), a folder of
Markdown notes (markdown_notes), REFI-QDA projects (qdpx_notes); JSON lines, the app's own,
through the Desk. ``dispatch.import_path`` picks the importer and saves through the Desk.

Each importer only reads: it turns the file into the fields of ``note add``
(``FieldsToImport``) and names where each came from. The Desk then saves them all in one
transaction (``Desk.import_fields``): pseudonymised like every note, and all or nothing,
the error naming the line, file or text source. Nothing is imported here eagerly, so that
the export's gate can use ``qda_archive`` (the safe REFI-QDA reader) alone.
"""
