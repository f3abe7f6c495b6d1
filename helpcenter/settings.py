"""One settings module for every environment, driven by environment variables.

With no environment at all this is the *embedded default*: SQLite under ``var/``, the in-memory
channel layer, a file-system Celery broker, e-mail written to files under ``var/mail``. Set
``DATABASE_URL`` and ``REDIS_URL`` for PostgreSQL, channels_redis and Celery on Redis. Set
``HELPCENTER_PRODUCTION=true`` for a deployment: it requires ``SECRET_KEY`` and turns on secure
cookies, HSTS and the HTTPS redirect. Every variable is listed in ``.env.example`` and the README.
"""

import os
import secrets
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is read when present; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("HELPCENTER_VAR_DIR", default=str(BASE_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env.bool("HELPCENTER_PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when HELPCENTER_PRODUCTION is true.")


def _local_secret_key() -> str:
    """A random key kept in var/ so sessions survive restarts of the embedded default.

    Made once, atomically: `make run` starts daphne, the Celery worker and beat together on a
    fresh checkout, and each must end up with the same key (a link e-mailed by the worker is
    checked by daphne), never with one another process half wrote."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        draft = VAR_DIR / f"secret_key.{secrets.token_hex(8)}"
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # fails if another process made it first: theirs is kept
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # fails fast when missing
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()

# The port `make run` serves on (its PORT); used for loopback URLs between processes.
HELPCENTER_PORT = env.int("HELPCENTER_PORT", default=8000)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
if env.str("HELPCENTER_HOST", default="") not in ("", "0.0.0.0", "::"):  # noqa: S104
    ALLOWED_HOSTS.append(env.str("HELPCENTER_HOST"))
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "accounts.apps.HelpCenterAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "channels",
    "rest_framework",
    "drf_spectacular",
    "core",
    "helpcenter",
    "accounts",
    "faq",
    "wallet",
    "teams",
    "tickets",
    "chat",
    "macros",
    "workspace",
    "insights",
    "webhooks",
    "api",
    "email_channel",
    "privacy",
]

MIDDLEWARE = [
    # 414 for a link over 8 KB (helpcenter.http_limits), before anything looks at it.
    "helpcenter.http_limits.LongUrlMiddleware",
    # Serves the knowledge base's shared anonymous pages before anything else runs; a stored
    # copy keeps the headers of the whole stack (see faq.middleware).
    "faq.middleware.SharedPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's policy, built once per process (helpcenter.csp says why).
    "helpcenter.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # 413 for a body over core.uploads.MAX_REQUEST_BYTES, before anything reads it (in the
    # visitor's language, so after LocaleMiddleware).
    "core.uploads.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Gives the visitor cookie to a visitor whose first event was just recorded (insights).
    "insights.visitors.VisitorCookieMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns core.ratelimits.RateLimited into RATELIMIT_VIEW's translated 429.
    "core.ratelimits.RateLimitMiddleware",
]

ROOT_URLCONF = "helpcenter.urls"
WSGI_APPLICATION = "helpcenter.wsgi.application"
ASGI_APPLICATION = "helpcenter.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "helpcenter.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; the timeout rides out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # A file, not :memory:, so that daphne and Celery processes started by tests share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_db.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # No JIT: its compile time (0.7 s on a report's "last rating" query, docs/metrics.md,
    # Performance) dwarfs what it saves on the short OLTP and report queries of this app.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, cache, Celery broker -----------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    # The pub/sub layer: under load the list-based RedisChannelLayer dropped group messages
    # (its per-channel queues fill up) where pub/sub lost none (docs/chat.md, Channel layer).
    # core.channel_layer makes leaving it cheap: a mass disconnect must not lock agents out.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "core.channel_layer.PubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hc",
        }
    }
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        CELERY_BROKER_TRANSPORT = "helpcenter.broker:Transport"
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # A file cache is shared by the web process and the Celery worker, unlike locmem.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": "hc",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")

CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_DIR.mkdir(parents=True, exist_ok=True)
    # kombu's own lets a worker read a message file before it is written (helpcenter.broker).
    CELERY_BROKER_TRANSPORT = "helpcenter.broker:FilesystemTransport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        # Without this kombu keeps its control (pidbox) files in the current directory.
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
        # kombu looks for new task files once a second by default: up to a second before a
        # worker starts a task (tests waited for it). A directory listing is cheap.
        "polling_interval": 0.1,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}

# A worker killed mid-task leaves its message on the broker; tasks are written to be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = "UTC"

# Workers cannot reach an in-memory channel layer that lives inside daphne, so in the embedded
# default they post their events to daphne over loopback (core.realtime), signed with
# SECRET_KEY. With Redis the layer is shared and this URL is not used.
REALTIME_RELAY_URL = env.str(
    "REALTIME_RELAY_URL",
    default=f"http://127.0.0.1:{HELPCENTER_PORT}/internal/realtime-relay",
)

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(environ.Env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Help Center <support@wallet.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails (portal links, ratings) start with this.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{HELPCENTER_PORT}")

# --- Auth -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrUsernameBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and private files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Private: attachments live outside every public path and are served by views that
        # check permission first. There is deliberately no MEDIA_URL route.
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "helpcenter.storage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A file over core.uploads.MAX_BYTES stops being kept at the limit, not written out whole.
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeCappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Sessions ---------------------------------------------------------------------------------
# With Redis, a signed-in request reads its session from the cache instead of PostgreSQL, and
# the user's cached row in the same round trip (Django's cached_db store, accounts.sessions);
# the database stays the record, so a Redis restart signs nobody out (docs/performance.md).
if REDIS_URL:
    SESSION_ENGINE = "accounts.sessions"
# Pages for people with a session from per-audience copies with holes (core.person_pages).
PERSON_PAGE_COPIES = env.bool("PERSON_PAGE_COPIES", default=True)
# The API's new requests done before Django builds a request (api.create_shortcut).
API_CREATE_SHORTCUT = env.bool("API_CREATE_SHORTCUT", default=True)

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the chat widget's fetch() calls read it for the X-CSRFToken header
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp) on every response: no inline script or style anywhere,
# and no per-request nonce, because an anonymous knowledge-base page is one stored copy shared
# by every visitor (faq.middleware). connect-src 'self' also matches this host's ws:/wss: (CSP
# Level 3), which is all the chat's sockets use. blob: images are the chat's attachments (fetched
# with the customer's token header, static/chat/api.js); data: images cannot run code either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        # Like X-Frame-Options: DENY; only the chat embed page widens it (chat.views.embed).
        "frame-ancestors": [NONE],
    },
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Health probes come over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Anonymous traffic is rate limited (core.ratelimits); this is the switch for the whole site.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# The page a rate-limited view answers with: called as view(request, exception).
RATELIMIT_VIEW = "helpcenter.views.ratelimited"
# Reverse proxies in front of the site (1 behind the compose nginx): rate limits then count the
# address X-Forwarded-For says the outermost of them saw, not the proxy's own.
# Without proxies (`make run`) nothing a client writes into X-Forwarded-* is believed.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
if TRUSTED_PROXIES:
    # The proxy says whether the visitor came over HTTPS (request.is_secure(), the redirect).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    # Keep daphne's and channels' loggers alive: disabling them hid their tracebacks.
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per request and websocket, secrets redacted (helpcenter.access_log).
        "helpcenter.access": {"level": "INFO"},
    },
}

# --- accounts ---
# Sign-in throttling, the same on the site and in Django admin (accounts.services): attempts
# per client address (over it, the bare 429 page) ...
LOGIN_ATTEMPTS_PER_ADDRESS = env.str("LOGIN_ATTEMPTS_PER_ADDRESS", default="20/m")
# ... failed sign-ins for one account from one address, after which that address may not try
# that account again until the window ends (the form says when) ...
LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = env.str("LOGIN_FAILURES_PER_ACCOUNT_ADDRESS", default="5/15m")
# ... and for one account from every address together, after which only a browser that signed
# in to it within LOGIN_KNOWN_DEVICE_DAYS may try: an attacker rotating addresses slows down
# without locking the owner out.
LOGIN_FAILURES_PER_ACCOUNT = env.str("LOGIN_FAILURES_PER_ACCOUNT", default="20/h")
LOGIN_KNOWN_DEVICE_DAYS = env.int("LOGIN_KNOWN_DEVICE_DAYS", default=30)

# --- faq ---
# Suggestions API (type-ahead, ticket deflection) requests allowed per client IP.
FAQ_SUGGEST_RATE = env.str("FAQ_SUGGEST_RATE", default="120/m")

# --- insights ---
# "Suggestion shown" and "search without results" rows are written in batches, at most this many
# seconds after the first of a batch (insights.batching); 0 writes each in its own request.
INSIGHTS_BATCH_SECONDS = env.float("INSIGHTS_BATCH_SECONDS", default=1.0)

# --- tickets ---
# Abuse limits of the request form and portal replies (rates like "10/h", core.ratelimits).
TICKETS_RATE_CREATE_IP = env.str("TICKETS_RATE_CREATE_IP", default="10/h")
TICKETS_RATE_CREATE_EMAIL = env.str("TICKETS_RATE_CREATE_EMAIL", default="5/h")
TICKETS_RATE_REPLY_IP = env.str("TICKETS_RATE_REPLY_IP", default="60/h")
TICKETS_RATE_REPLY_EMAIL = env.str("TICKETS_RATE_REPLY_EMAIL", default="30/h")
# A solved request the customer does not reopen (by replying) closes after this many days;
# 0 keeps solved requests open for replies indefinitely.
TICKETS_AUTO_CLOSE_DAYS = env.int("TICKETS_AUTO_CLOSE_DAYS", default=7)
# Auto-assignment gives a new request only to an agent holding fewer open requests (teams).
TICKETS_AGENT_CAPACITY = env.int("TICKETS_AGENT_CAPACITY", default=30)

# --- webhooks ---
# Subscriptions may target loopback, private and link-local addresses (tests, a receiver on the
# same host); off in production, where such a URL could reach the help center's own network.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=False)
# Seconds each step of a delivery (connect, send, each read) may wait.
WEBHOOKS_TIMEOUT_SECONDS = env.float("WEBHOOKS_TIMEOUT_SECONDS", default=10.0)
# Deliveries (payloads and attempt logs) are deleted this many days after they finished.
WEBHOOKS_RETENTION_DAYS = env.int("WEBHOOKS_RETENTION_DAYS", default=7)
# --- staff notifications (workspace, docs/console.md) ---
# Agents' notifications (read or not) are deleted this many days after they were created.
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=30)
# --- e-mail channel (email_channel, docs/email.md) ---
# The address customers write to; replies come back to its plus-addresses (support+t1-…@).
EMAIL_INBOUND_ADDRESS = env.str("EMAIL_INBOUND_ADDRESS", default="")
# At most this many automatic e-mails (confirmations) per sender address: the loop guard.
EMAIL_AUTO_REPLY_RATE = env.str("EMAIL_AUTO_REPLY_RATE", default="5/h")
# Larger messages are not filed (pipe: exit 65, the MTA bounces; IMAP: kept in quarantine).
EMAIL_MAX_BYTES = env.int("EMAIL_MAX_BYTES", default=30 * 1024 * 1024)
# Category of requests opened by e-mail (a slug; empty: the first active category).
EMAIL_DEFAULT_CATEGORY = env.str("EMAIL_DEFAULT_CATEGORY", default="")
# How long one worker holds a mailbox while polling it (renewed after every batch).
EMAIL_POLL_LEASE_SECONDS = env.int("EMAIL_POLL_LEASE_SECONDS", default=300)

# --- chat ---
# An online agent whose console socket has sent no heartbeat for this long is set away and
# their chats go back to the queue (chat.services.agents_sweep_disconnected).
CHAT_AGENT_GRACE_SECONDS = env.int("CHAT_AGENT_GRACE_SECONDS", default=60)
# A waiting chat whose customer left (socket closed, no reconnect) this long leaves the queue.
CHAT_ABANDON_SECONDS = env.int("CHAT_ABANDON_SECONDS", default=300)
# An assigned chat with no agent message this long is offered to the next available agent.
CHAT_FIRST_REPLY_SECONDS = env.int("CHAT_FIRST_REPLY_SECONDS", default=90)
# Messages with files per agent, or per IP for customers (a rate like "20/m").
CHAT_UPLOAD_RATE = env.str("CHAT_UPLOAD_RATE", default="20/m")

# --- account security desk (wallet app; docs/security-desk.md) ---
# The wallet's API: empty uses the demo wallet (seeded rows, the embedded default). Requests and
# answers are signed with HMAC-SHA256 using WALLET_API_SECRET, required with a URL.
WALLET_API_URL = env.str("WALLET_API_URL", default="")
WALLET_API_SECRET = env.str("WALLET_API_SECRET", default="")
WALLET_API_TIMEOUT = env.float("WALLET_API_TIMEOUT", default=5.0)
if WALLET_API_URL and not WALLET_API_SECRET:
    raise ImproperlyConfigured("WALLET_API_URL needs WALLET_API_SECRET (the signing secret).")
WALLET_BACKEND = (
    "wallet.http_wallet.HttpWallet" if WALLET_API_URL else "wallet.demo_wallet.DemoWallet"
)
# Topics (slugs) whose conversations need the customer's identity verified before agents see
# transactions, unfreeze, change the contact e-mail or close the account.
WALLET_VERIFICATION_TOPICS = env.list(
    "WALLET_VERIFICATION_TOPICS",
    default=["account-info", "password-login", "account-security", "close-account"],
)
# One-time codes: requests per customer and per agent (a rate like "3/h").
WALLET_CODE_RATE_CUSTOMER = env.str("WALLET_CODE_RATE_CUSTOMER", default="3/h")
WALLET_CODE_RATE_AGENT = env.str("WALLET_CODE_RATE_AGENT", default="30/h")
if REDIS_URL:
    # The pub/sub layer holds one publish and one subscribe connection per process and has no
    # capacity to overflow; fail fast instead of hanging a consumer when Redis is unreachable.
    # Chat messages are in the database first, so a publish lost in an outage is replayed.
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [
        {"address": REDIS_URL, "socket_connect_timeout": 2, "socket_keepalive": True}
    ]

# --- api ---
# The wallet's shared secret for signed customer identities (HS256 JWTs, docs/api.md); empty
# turns the identity exchange off. At least 32 bytes.
WALLET_IDENTITY_SECRET = env.str("WALLET_IDENTITY_SECRET", default="")
if WALLET_IDENTITY_SECRET and len(WALLET_IDENTITY_SECRET.encode()) < 32:
    raise ImproperlyConfigured("WALLET_IDENTITY_SECRET must be at least 32 bytes long.")
# How long a bearer token from the identity exchange works (the app exchanges a new identity
# after that).
API_CUSTOMER_TOKEN_HOURS = env.int("API_CUSTOMER_TOKEN_HOURS", default=24)
# Requests per API key, per customer (bearer token, session or a key acting for them) and per
# client IP for calls without either (the identity exchange): rates like "600/m".
API_RATE_PER_KEY = env.str("API_RATE_PER_KEY", default="600/m")
API_RATE_PER_CUSTOMER = env.str("API_RATE_PER_CUSTOMER", default="120/m")
API_RATE_ANONYMOUS = env.str("API_RATE_ANONYMOUS", default="30/m")
# Stored responses of POSTs with an Idempotency-Key are replayed for this long.
API_IDEMPOTENCY_HOURS = env.int("API_IDEMPOTENCY_HOURS", default=24)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "DEFAULT_PAGINATION_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Help center API",
    "DESCRIPTION": "Version 1 of the help center's REST API (docs/api.md).",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Enum values without their labels: the schema is the same in every language.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "tickets.models.Ticket.Status",
        "ConversationStatusEnum": ["waiting", "active", "closed"],
    },
}
