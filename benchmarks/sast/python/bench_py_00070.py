import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.http import JsonResponse

KEY = os.environ.get("CARD_KEY", "0" * 32).encode()[:32]


def store_card(request):
    data = request.POST["pan"].encode().ljust(32, b" ")
    encryptor = Cipher(algorithms.AES(KEY), modes.ECB()).encryptor()
    ct = encryptor.update(data) + encryptor.finalize()
    return JsonResponse({"stored": ct.hex()})
