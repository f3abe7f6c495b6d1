"""Demo data of the API: a well-known key with every scope (like the demo accounts' passwords,
for a local run only) and a wallet user who signed in from the wallet, with a request, so
agents see the "Wallet user, signed in" badge. Idempotent."""

from accounts.services import wallet_customer_sign_in
from api import services
from api.models import ApiKey
from core.models import Topic
from tickets import services as tickets
from tickets.models import Ticket

DEMO_KEY_SECRET = "local-demo-key-never-in-production"  # demo data, documented in docs/api.md
DEMO_WALLET_USER = "demo-1001"


def load() -> None:
    if not ApiKey.objects.filter(prefix="demo0000").exists():
        services.api_key_create(
            name="Demo (every scope)",
            scopes=ApiKey.Scope.values,
            demo_secret=DEMO_KEY_SECRET,
        )
    customer = wallet_customer_sign_in(
        wallet_user_id=DEMO_WALLET_USER,
        email="wang.fang.wallet@example.com",
        name="王芳",
        phone="+8613800138000",
        language="zh-hans",
    )
    topic = Topic.objects.filter(is_active=True).first()
    if topic is not None and not Ticket.objects.filter(customer=customer).exists():
        tickets.ticket_create(
            category=topic,
            subject="App 里充值未到账",
            description="我在钱包 App 里用银行卡充值了 200 元，一小时后余额仍未变化。",
            email=customer.email,
            name="王芳",
            language="zh-hans",
            customer=customer,
            transaction_number="TX-20261130-0042",
            source=Ticket.Source.API,  # opened in the wallet's app
        )
