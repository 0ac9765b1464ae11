import os

from Crypto.Cipher import Blowfish
from Crypto.Util.Padding import pad
from django.http import JsonResponse


def encrypt_note(request):
    key = os.urandom(16)
    iv = os.urandom(8)
    cipher = Blowfish.new(key, Blowfish.MODE_CBC, iv)
    ct = cipher.encrypt(pad(request.POST["note"].encode(), Blowfish.block_size))
    return JsonResponse({"note": ct.hex()})
