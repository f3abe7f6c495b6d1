"""Request and response shapes of API v1 (they are the OpenAPI schema's components)."""

from rest_framework import serializers


def page_of(item: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The shape of a cursor-paginated list of ``item`` (``api.pagination``)."""
    fields = {
        "next": serializers.URLField(allow_null=True, help_text="The next page, if any."),
        "previous": serializers.URLField(allow_null=True, help_text="The page before."),
        "results": item(many=True),
    }
    return type(f"{item.__name__}Page", (serializers.Serializer,), fields)
