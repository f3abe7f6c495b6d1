"""The signed identity exchange and the customer it signs in."""

from rest_framework import serializers


class ExchangeIn(serializers.Serializer):
    identity = serializers.CharField(
        max_length=4096, help_text="The HS256 JWT the wallet signed (docs/api.md)."
    )
    mode = serializers.ChoiceField(
        choices=["token", "session"],
        default="token",
        help_text="token: a bearer token for the app; session: the help center's session "
        "cookie, for the web and the widget.",
    )


class CustomerOut(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField(allow_blank=True)
    wallet_user_id = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_blank=True)


class ExchangeOut(serializers.Serializer):
    customer = CustomerOut()
    token = serializers.CharField(required=False, help_text="Only with mode=token.")
    token_type = serializers.CharField(required=False)
    expires_in = serializers.IntegerField(required=False, help_text="Seconds.")
