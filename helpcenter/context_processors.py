from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from helpcenter.selectors import contact_channel_list


def site(request: HttpRequest) -> dict:
    """What every page shows: footer contact channels and the same page in each language."""
    path = request.get_full_path()
    return {
        "contact_channels": contact_channel_list,
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
        ],
    }
