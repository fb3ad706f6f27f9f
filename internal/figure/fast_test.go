package figure

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestFormatFast checks the fast path of Format against decimal's own
// rounding and printing on figures of every size the reports meet, and
// on the edges of rounding.
func TestFormatFast(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(v decimal.Decimal, places int32) {
		t.Helper()
		if got, want := Format(v, places), formatSlow(v, places); got != want {
			t.Fatalf("Format(%s, %d) = %q, want %q", v.String(), places, got, want)
		}
	}
	edges := []string{"0", "-0", "0.00005", "-0.00005", "0.00004999", "-0.00004999", "0.99995", "0.99994999",
		"1", "-1", "120", "1.2E3", "12.5", "0.85", "-3.25", "99999999999999999.99995",
		"0.428571428571428571428571", "-0.428571428571428571428571", "1.000000000000000000000000",
		"999999999999999999999999999999", "0.000000000000000000000000000001",
		"340282366920938463463374607431768211455", "340282366920938463463374607431768211456",
		"1e-40", "5e-5", "123456789e30"}
	for _, s := range edges {
		v := decimal.RequireFromString(s)
		for places := int32(0); places <= 6; places++ {
			check(v, places)
		}
	}
	for range 200000 {
		var v decimal.Decimal
		switch r.IntN(3) {
		case 0: // small coefficients
			v = decimal.New(r.Int64N(2_000_000)-1_000_000, -r.Int32N(10))
		case 1: // int64-sized
			v = decimal.New(int64(r.Uint64()), -r.Int32N(30)+5)
		default: // up to 128 bits and beyond, as quotients at 24 places are
			c := new(big.Int)
			for range 1 + r.IntN(3) {
				c.Lsh(c, 64).Or(c, new(big.Int).SetUint64(r.Uint64()))
			}
			c.Rsh(c, uint(r.IntN(64)))
			if r.IntN(2) == 0 {
				c.Neg(c)
			}
			v = decimal.NewFromBigInt(c, -r.Int32N(40))
		}
		check(v, int32(r.IntN(7)))
	}
}
