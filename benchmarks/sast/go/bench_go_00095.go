package benchmark

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
)

func BenchGo00095Handler(w http.ResponseWriter, r *http.Request) {
	key := fmt.Sprintf("key-%016x", rand.Uint64())
	json.NewEncoder(w).Encode(map[string]string{"client": r.FormValue("client"), "api_key": key})
}
