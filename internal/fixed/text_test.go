package fixed_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal/internal/figure"
	"github.com/citybureau/renewal/internal/fixed"
)

// TestParseInt64 checks that the fast path of figure.Parse reads every text
// it accepts as figure.Parse does, and accepts no text it refuses.
func TestParseInt64(t *testing.T) {
	texts := []string{"0", "-0", "+0", "12", "-3.5", "+7", "0.05", "85%", "12.5%", "-0.0%", "100%",
		"999999999999999999", "9999999999999999999", "0.00000000000000001", "00", "010", "0.", ".5",
		"12.", "1,200", "1e3", "%", "-", "+", "85%%", "1.2.3", "-%", "0%", "0.0", "１２", "12 ", " 12",
		strings.Repeat("1", 18) + "%", "-" + strings.Repeat("9", 18) + ".%"}
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "0123456789.-+%,e"
	for range 300000 {
		n := 1 + r.IntN(22)
		b := make([]byte, n)
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = byte('0' + r.IntN(10))
			}
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		m, exp, pct, ok := fixed.ParseInt64(s)
		v, wantPct, err := figure.Parse(s)
		if !ok {
			continue
		}
		if err != nil {
			t.Fatalf("ParseInt64(%q) accepted a text Parse refuses: %v", s, err)
		}
		if got := decimal.New(m, exp); !got.Equal(v) || pct != wantPct {
			t.Fatalf("ParseInt64(%q) = %s %v, Parse = %s %v", s, got, pct, v, wantPct)
		}
	}
}
