"""The settings every test process runs with: the product's settings, with one change.

``PASSWORD_HASHERS``: see tests/hashers.py. pytest (pyproject.toml) and the daphne and Celery
processes the fixtures start (tests/conftest.py ``server_env``) use this module.
"""

from helpcenter.settings import *  # noqa: F403

PASSWORD_HASHERS = ["tests.hashers.QuickPBKDF2PasswordHasher"]
