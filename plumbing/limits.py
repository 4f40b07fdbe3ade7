"""How much text a person may type into one field (issue 13): enough for any honest answer, and a
bound on what one post can store. The model's TextFields carry it as ``max_length``, which the forms
built on them enforce (and which the browser shows as the field's ``maxlength``; the counter under
each such field comes from ``static/js/text-limit.js``)."""

TEXT_MAX_LENGTH = 5000
# Meeting minutes and the agreement's own texts are written at length.
LONG_TEXT_MAX_LENGTH = 20000
