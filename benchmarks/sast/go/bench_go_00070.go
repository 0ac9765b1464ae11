package benchmark

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
)

func BenchGo00070Handler(w http.ResponseWriter, r *http.Request) {
	key := "key-" + rand.Text()
	json.NewEncoder(w).Encode(map[string]string{"client": r.FormValue("client"), "api_key": key})
}
