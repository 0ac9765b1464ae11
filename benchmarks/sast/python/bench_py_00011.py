import os

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from django.http import JsonResponse

KEY = ChaCha20Poly1305.generate_key()


def store_secret(request):
    nonce = os.urandom(12)
    ct = ChaCha20Poly1305(KEY).encrypt(nonce, request.POST["secret"].encode(), b"v1")
    return JsonResponse({"stored": (nonce + ct).hex()})
