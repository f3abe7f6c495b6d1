"""Demo data of the privacy app: the retention periods row (the documented defaults), and one
supervisor's export of a demo customer (王芳, from the tickets demo) so that the console's
privacy desk lists an archive to download. Idempotent."""

from django.contrib.auth import get_user_model

from privacy.models import ExportArchive, RetentionSettings
from privacy.services import export_archive_create
from privacy.subjects import SubjectNotFound

DEMO_EXPORT_EMAIL = "wangfang@example.com"


def load() -> None:
    RetentionSettings.current()
    supervisor = get_user_model().objects.filter(username="supervisor").first()
    if supervisor is None or ExportArchive.objects.exists():
        return
    try:
        export_archive_create(email=DEMO_EXPORT_EMAIL, actor=supervisor)
    except SubjectNotFound:
        return
