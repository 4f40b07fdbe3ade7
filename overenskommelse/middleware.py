from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the visitor chose another language with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language header; a Swedish public
    site should greet everyone in Swedish, so only the language cookie (set by ``set_language``)
    counts.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
