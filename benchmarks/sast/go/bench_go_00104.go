package benchmark

import (
	"crypto/aes"
	"net/http"
)

func encryptECB00104(key, plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	bs := block.BlockSize()
	out := make([]byte, len(plain))
	for i := 0; i+bs <= len(plain); i += bs {
		block.Encrypt(out[i:i+bs], plain[i:i+bs])
	}
	return out, nil
}

func BenchGo00104Handler(key []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		out, err := encryptECB00104(key, []byte(r.FormValue("block")))
		if err != nil {
			http.Error(w, "cipher", http.StatusInternalServerError)
			return
		}
		w.Write(out)
	}
}
