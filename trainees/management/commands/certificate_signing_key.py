from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from django.core.management.base import BaseCommand, CommandError

from trainees.certificate_signing import (
    KEY_ID,
    b64encode,
    key_id_for,
    raw_private_key,
    raw_public_key,
)


class Command(BaseCommand):
    help = (
        "Make a new Ed25519 key pair for signing certificates and print the environment line "
        "that sets it (docs/deploy.md, Certificate signing keys). Nothing is stored."
    )
    # It is how a server without a key gets one: the check that refuses to run without
    # a key must not stop it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--key-id",
            help="The key's id (1 to 16 letters, digits, - or _); by default the start of "
            "its public key's SHA-256.",
        )

    def handle(self, *args, key_id=None, **options):
        key = Ed25519PrivateKey.generate()
        key_id = key_id or key_id_for(key.public_key())
        if not KEY_ID.fullmatch(key_id):
            raise CommandError(
                f"{key_id!r} cannot be a key id: use 1 to 16 letters, digits, - or _."
            )
        entry = f"{key_id}:{b64encode(raw_private_key(key))}"
        public = f"{key_id}:{b64encode(raw_public_key(key.public_key()))}"
        self.stdout.write(
            f"# A new certificate signing key, {key_id!r}. Keep this line secret: whoever has\n"
            "# it can sign certificates. Put the entry first in CERTIFICATE_SIGNING_KEYS to\n"
            "# sign with it, keeping the entries already there after it, comma-separated, so\n"
            "# that the certificates they signed still verify.\n"
            f"CERTIFICATE_SIGNING_KEYS={entry}\n"
            "# Its public key, for CERTIFICATE_RETIRED_KEYS once this key no longer signs and\n"
            "# its private key is destroyed:\n"
            f"# {public}\n"
        )
