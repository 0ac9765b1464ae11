package benchmark

import (
	"crypto/cipher"
	"crypto/des"
	"net/http"
)

func BenchGo00076Handler(key []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		block, err := des.NewTripleDESCipher(key)
		if err != nil {
			http.Error(w, "cipher", http.StatusInternalServerError)
			return
		}
		iv := make([]byte, block.BlockSize())
		data := []byte(r.FormValue("card"))
		padded := append(data, make([]byte, block.BlockSize()-len(data)%block.BlockSize())...)
		out := make([]byte, len(padded))
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, padded)
		w.Write(out)
	}
}
