package benchmark

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

type hook00099 struct {
	Callback string `json:"callback"`
}

func ping00099(u string) (int, error) {
	resp, err := http.Post(u, "application/json", strings.NewReader(`{"ping":true}`))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func BenchGo00099Handler(w http.ResponseWriter, r *http.Request) {
	var h hook00099
	if err := json.NewDecoder(r.Body).Decode(&h); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	code, err := ping00099(h.Callback)
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	fmt.Fprintln(w, code)
}
