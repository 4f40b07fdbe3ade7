"""Swedish formats of the portal (issue 17): a time is written one way everywhere, as Swedish
public text writes it (17.00, 17.00–19.00), never 17:00 beside it. Templates write ``|time`` and
``|date:"DATETIME_FORMAT"`` rather than a pattern of their own; what is not set here is Django's."""

TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j F Y H.i"
SHORT_DATETIME_FORMAT = "Y-m-d H.i"
