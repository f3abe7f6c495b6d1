from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; ES module imports are rewritten to hashed names too, so
    a deploy never pairs a new module with an old one it imports from a long-lived cache."""

    support_js_module_import_aggregation = True
