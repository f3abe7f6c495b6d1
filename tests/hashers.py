"""The test run's password hasher: Django's PBKDF2 with one iteration.

Every user a factory creates gets a password, and every sign-in checks one; at Django's
1,000,000 iterations that is about a second of CPU each on the CI machine. The test process
uses this hasher (tests/conftest.py). The hashes stay ordinary ``pbkdf2_sha256$1$...`` strings,
so the daphne and Celery processes a test starts, which run the product's settings unchanged,
verify them too (the iteration count is read from the hash; a sign-in there re-hashes the
password at full cost once, as it would after an upgrade). Tests about the hasher itself set
``settings.PASSWORD_HASHERS`` as before.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1
