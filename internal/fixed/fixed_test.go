package fixed_test

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal/internal/fixed"
)

func randFix(r *rand.Rand) fixed.Fix {
	var m int64
	switch r.IntN(4) {
	case 0:
		m = r.Int64N(2000) - 1000
	case 1:
		m = r.Int64N(2_000_000_000) - 1_000_000_000
	case 2:
		m = int64(r.Uint64() >> (1 + r.IntN(63)))
	default:
		m = int64(r.Uint64())
	}
	return fixed.Fix{M: m, E: r.Int32N(40) - 30}
}

// TestDiv24 checks the integer division against decimal's DivRound at 24
// places: the same value whenever it answers, and an answer for the
// figures reports meet.
func TestDiv24(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	answered := 0
	for range 300000 {
		x, y := randFix(r), randFix(r)
		if y.M == 0 {
			continue
		}
		q, ok := fixed.Div(x, y)
		if !ok {
			continue
		}
		answered++
		want := x.Dec().DivRound(y.Dec(), fixed.Places)
		if got := q.Dec(); !got.Equal(want) {
			t.Fatalf("fixed.Div(%s, %s) = %s, want %s", x.Dec(), y.Dec(), got, want)
		}
		if back, ok := fixed.QOf(want); !ok || back != q {
			t.Fatalf("fixed.QOf(%s) = %v %v, want %v", want, back, ok, q)
		}
	}
	if answered < 50000 {
		t.Fatalf("div24 answered only %d divisions", answered)
	}
	for _, c := range [][2]fixed.Fix{{{57, 0}, {120, 0}}, {{1, 0}, {3, 0}}, {{-2, 0}, {3, 0}}, {{5, -1}, {1, 0}}, {{3845, -2}, {45, 0}}} {
		q, ok := fixed.Div(c[0], c[1])
		if want := c[0].Dec().DivRound(c[1].Dec(), fixed.Places); !ok || !q.Dec().Equal(want) {
			t.Fatalf("fixed.Div(%s, %s) = %s %v, want %s", c[0].Dec(), c[1].Dec(), q.Dec(), ok, want)
		}
	}
}

// TestFixArithmetic checks fixed.Fix's sums, differences, products and
// comparisons against decimal's.
func TestFixArithmetic(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 300000 {
		a, b := randFix(r), randFix(r)
		if s, ok := a.Add(b); ok && !s.Dec().Equal(a.Dec().Add(b.Dec())) {
			t.Fatalf("%s + %s = %s", a.Dec(), b.Dec(), s.Dec())
		}
		if s, ok := a.Sub(b); ok && !s.Dec().Equal(a.Dec().Sub(b.Dec())) {
			t.Fatalf("%s - %s = %s", a.Dec(), b.Dec(), s.Dec())
		}
		if p, ok := a.Mul(b); ok && !p.Dec().Equal(a.Dec().Mul(b.Dec())) {
			t.Fatalf("%s × %s = %s", a.Dec(), b.Dec(), p.Dec())
		}
		if c, ok := a.Cmp(b); ok && c != a.Dec().Cmp(b.Dec()) {
			t.Fatalf("cmp(%s, %s) = %d", a.Dec(), b.Dec(), c)
		}
		d := a.Dec()
		if m, e, ok := fixed.Compact(d); ok && !decimal.New(m, int32(e)).Equal(d) {
			t.Fatalf("fixed.Compact(%s) = %d e%d", d, m, e)
		}
	}
	// A conversion carried to 24 places that is exact in fewer digits
	// still fits a record.
	d := decimal.RequireFromString("12.450000000000000000000000")
	if m, e, ok := fixed.Compact(d); !ok || m != 1245 || e != -2 {
		t.Fatalf("fixed.Compact(%s) = %d e%d %v", d, m, e, ok)
	}
}
