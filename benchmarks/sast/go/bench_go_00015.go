package benchmark

import (
	"crypto/aes"
	"crypto/cipher"
	"net/http"
)

func seal00015(key, plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, err
	}
	return aead.Seal(nil, nil, plain, nil), nil
}

func BenchGo00015Handler(key []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		out, err := seal00015(key, []byte(r.PostFormValue("secret")))
		if err != nil {
			http.Error(w, "cipher", http.StatusInternalServerError)
			return
		}
		w.Write(out)
	}
}
