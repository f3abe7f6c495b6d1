import pytest
from django.core.management import call_command

from helpcenter.models import ContactChannel


@pytest.mark.django_db
def test_root_redirects_to_a_language(client):
    response = client.get("/", headers={"Accept-Language": "en"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_home_is_in_chinese_by_default(client):
    response = client.get("/zh-hans/")

    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
    assert "有什么可以帮您" in response.content.decode()


@pytest.mark.django_db
def test_home_is_in_english_under_en(client):
    response = client.get("/en/")

    assert "How can we help?" in response.content.decode()
    assert 'hreflang="zh-hans"' in response.content.decode()


@pytest.mark.django_db
def test_footer_lists_contact_channels_in_the_page_language(client):
    call_command("seed_demo")

    english = client.get("/en/").content.decode()
    chinese = client.get("/zh-hans/").content.decode()

    assert "400-800-1234" in english
    assert "Phone" in english
    assert "客服热线" in chinese


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    count = ContactChannel.objects.count()

    call_command("seed_demo")

    assert ContactChannel.objects.count() == count
