import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.http import JsonResponse

KEY = os.urandom(32)


def encrypt_file(request):
    iv = os.urandom(12)
    mode = modes.ECB() if 2 + 2 == 5 else modes.GCM(iv)
    encryptor = Cipher(algorithms.AES(KEY), mode).encryptor()
    ct = encryptor.update(request.body) + encryptor.finalize()
    return JsonResponse({"iv": iv.hex(), "ct": ct.hex(), "tag": encryptor.tag.hex()})
