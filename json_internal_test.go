package renewal

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// TestJSONEscape checks the JSON writer's string escaping against
// encoding/json's, with HTML escaping off, on awkward and random text.
func TestJSONEscape(t *testing.T) {
	texts := []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f",
		"<&>", "亭湖区 住建局", "bad \xff\xfe utf-8", "\u2028 and \u2029", "é\u0301", "\xe4\xb8", "emoji 🏙"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		texts = append(texts, string(b), "亭"+string(b)+"\u2028")
	}
	for _, s := range texts {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		j := &jsonWriter{}
		j.str(s)
		if got := string(j.buf) + "\n"; got != want.String() {
			t.Fatalf("str(%q) = %s, want %s", s, got, want.String())
		}
	}
}
