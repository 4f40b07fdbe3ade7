"""Two-step verification's secrets, stored in plain text until now, are encrypted with the key of
DJANGO_MFA_ENCRYPTION_KEY (accounts.adapters.MFAAdapter). A secret that is already encrypted is
left alone, so the migration can meet a database half done; the way back decrypts them again."""

from cryptography.fernet import InvalidToken
from django.db import migrations

from accounts.adapters import mfa_fernet

# Where allauth keeps a secret in an authenticator's data: a value, or a list of values.
SECRET_KEYS = ("secret", "seed", "migrated_codes")


def _is_encrypted(fernet, value: str) -> bool:
    try:
        fernet.decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def _convert(apps, change) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    fernet = mfa_fernet()
    for authenticator in Authenticator.objects.all().iterator():
        data = dict(authenticator.data)
        for key in SECRET_KEYS:
            if isinstance(data.get(key), str):
                data[key] = change(fernet, data[key])
            elif isinstance(data.get(key), list):
                data[key] = [change(fernet, value) for value in data[key]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor) -> None:
    _convert(
        apps,
        lambda fernet, value: value if _is_encrypted(fernet, value) else fernet.encrypt(value.encode()).decode(),
    )


def decrypt_secrets(apps, schema_editor) -> None:
    _convert(
        apps,
        lambda fernet, value: fernet.decrypt(value.encode()).decode() if _is_encrypted(fernet, value) else value,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_organisation_name_trigram"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
