import pytest

from faq.demo import load as load_demo_kb


@pytest.fixture
def demo_kb(db) -> None:
    """The demo knowledge base: ten topics, three or more bilingual articles each."""
    load_demo_kb()
