"""``{% agreement_words as words %}``: the agreement's own words in a template rendered without a
request (an email, a PDF, a fragment made by ``render_to_string``), where the context processor
does not run. Pages get ``words`` from the context processor."""

from django import template

from overenskommelse.selectors import agreement_words as current_agreement_words

register = template.Library()


@register.simple_tag
def agreement_words():
    return current_agreement_words()
