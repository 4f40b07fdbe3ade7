"""English formats of the portal (issue 17): the 24-hour clock as on the Swedish pages (17:00, not
5 p.m.), and dates written day, month, year like them."""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
