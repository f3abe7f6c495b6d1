"""Knowledge base and topics."""

from rest_framework import serializers

from tickets.models import TopicField


class LanguageQuery(serializers.Serializer):
    lang = serializers.ChoiceField(
        choices=["zh-hans", "en"],
        required=False,
        help_text="Content language; default: from Accept-Language.",
    )


class SearchQuery(LanguageQuery):
    q = serializers.CharField(max_length=200, allow_blank=True)
    limit = serializers.IntegerField(min_value=1, max_value=10, default=10)


class FaqCategory(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    article_count = serializers.IntegerField()


class FaqArticleSummary(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    url = serializers.CharField(help_text="The article's page on the help center.")
    updated_at = serializers.DateTimeField()


class FaqArticle(FaqArticleSummary):
    category = FaqCategory()
    body_html = serializers.CharField(
        allow_blank=True, help_text="The article rendered to sanitised HTML."
    )


class SearchHit(serializers.Serializer):
    article_id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    category = serializers.CharField()
    snippet = serializers.CharField(allow_blank=True)


class SearchResults(serializers.Serializer):
    results = SearchHit(many=True)
    corrected = serializers.CharField(
        allow_blank=True, help_text="The query with typos corrected, when that found results."
    )


class Suggestions(serializers.Serializer):
    results = SearchHit(many=True)


class QuestionChoice(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class QuestionOut(serializers.Serializer):
    """One of the topic's own questions; a request answers it in ``details[key]``."""

    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=TopicField.Kind.choices)
    required = serializers.BooleanField()
    help = serializers.CharField(allow_blank=True)
    choices = QuestionChoice(many=True, help_text="For kind 'choice': the keys to answer with.")


class TopicOut(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    is_security = serializers.BooleanField(
        help_text="Theft or unauthorised transactions: urgent, answered first."
    )
    questions = QuestionOut(many=True)


class TopicList(serializers.Serializer):
    topics = TopicOut(many=True)
