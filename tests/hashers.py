"""The test run's password hasher: Django's PBKDF2 with one iteration.

Every user a factory creates gets a password, and every sign-in checks one; at Django's
1,000,000 iterations that is about a second of CPU each on the CI machine, most of the
embedded pass. The hashes stay ordinary ``pbkdf2_sha256$<iterations>$...`` strings, so the
daphne and Celery processes a test starts (which read the iteration count from the hash)
verify them too; they run with the same settings module (``tests/settings.py``) so that a
sign-in there does not re-hash the password at full cost.
Tests about the hasher itself set ``settings.PASSWORD_HASHERS`` as before.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1
