// Package fixed is the integer kernel of renewal's arithmetic: exact
// decimals held in machine integers, so that the common figure costs no
// allocation and no pointer for the garbage collector, with decimal as
// the fallback and the definition every function here is tested against.
//
//   - Fix is m × 10^e in an int64: sums, differences, products and
//     comparisons, each reporting false when it would overflow.
//   - Q is a quotient rounded half away from zero to Places (24) places,
//     in 128 bits: Div is decimal's DivRound(x, y, 24) when it answers.
//   - Compact packs a figure into an int64 and an int8 exponent for a
//     record store, with NoExp free as a marker for the figures that do
//     not fit.
//   - ParseInt64 and AppendFast are the allocation-free fast paths of
//     internal/figure's Parse and Format.
//
// Every function answers exactly or not at all (ok false): it never
// rounds differently from decimal.
package fixed

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Places is the number of decimal places a quotient is carried to: the
// Precision of package renewal.
const Places = 24

// NoExp marks a Compact figure whose coefficient indexes a side table of
// decimals.
const NoExp = math.MinInt8

// Fix is an exact decimal m × 10^e held in an int64: the form in which
// evaluation does its arithmetic before falling back to decimal.
type Fix struct {
	M int64
	E int32
}

// FixOf returns d as a Fix, if its coefficient fits in 18 digits. It does
// not allocate.
func FixOf(d decimal.Decimal) (Fix, bool) {
	if d.NumDigits() > 18 {
		return Fix{}, false
	}
	return Fix{d.CoefficientInt64(), d.Exponent()}, true
}

// Compact returns d as a coefficient and an int8 exponent, trimming
// trailing zeros when that makes it fit. ok is false when it does not.
func Compact(d decimal.Decimal) (m int64, e int8, ok bool) {
	f, fits := FixOf(d)
	if !fits {
		d = trimZeros(d)
		if f, fits = FixOf(d); !fits {
			return 0, 0, false
		}
	}
	for f.E < math.MinInt8+1 && f.M != 0 && f.M%10 == 0 {
		f.M /= 10
		f.E++
	}
	if f.M == 0 {
		f.E = 0
	}
	if f.E <= math.MinInt8 || f.E > math.MaxInt8 {
		return 0, 0, false
	}
	return f.M, int8(f.E), true
}

// trimZeros returns d with the trailing zeros of its coefficient taken
// into the exponent: the same value in fewer digits.
func trimZeros(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return decimal.Decimal{}
	}
	c := d.Coefficient()
	e := d.Exponent()
	q, r, ten := new(big.Int), new(big.Int), big.NewInt(10)
	for {
		q.QuoRem(c, ten, r)
		if r.Sign() != 0 || e == math.MaxInt32 {
			break
		}
		c, q = q, c
		e++
	}
	return decimal.NewFromBigInt(c, e)
}

// Dec returns the Fix as a decimal.
func (a Fix) Dec() decimal.Decimal {
	if a.M == 0 {
		return decimal.Decimal{}
	}
	return decimal.New(a.M, a.E)
}

// ScaleInt returns m × 10^k for 0 ≤ k, if it fits in an int64.
func ScaleInt(m int64, k int32) (int64, bool) {
	if k < 0 || k > 18 {
		return 0, m == 0 && k >= 0
	}
	p := pow10[k]
	hi, lo := bits.Mul64(uint64(abs64(m)), p)
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if m < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

func abs64(m int64) int64 {
	if m < 0 {
		return -m
	}
	return m
}

// align returns a and b at their common (lower) exponent.
func align(a, b Fix) (x, y int64, e int32, ok bool) {
	switch {
	case a.E == b.E:
		return a.M, b.M, a.E, true
	case a.E > b.E:
		x, ok = ScaleInt(a.M, a.E-b.E)
		return x, b.M, b.E, ok
	default:
		y, ok = ScaleInt(b.M, b.E-a.E)
		return a.M, y, a.E, ok
	}
}

// Add returns a + b, and false on overflow.
func (a Fix) Add(b Fix) (Fix, bool) {
	x, y, e, ok := align(a, b)
	s := x + y
	if !ok || (x > 0 && y > 0 && s < 0) || (x < 0 && y < 0 && s >= 0) || s == math.MinInt64 {
		return Fix{}, false
	}
	return Fix{s, e}, true
}

// Sub returns a − b, and false on overflow.
func (a Fix) Sub(b Fix) (Fix, bool) {
	if b.M == math.MinInt64 {
		return Fix{}, false
	}
	return a.Add(Fix{-b.M, b.E})
}

// Mul returns a × b, and false on overflow.
func (a Fix) Mul(b Fix) (Fix, bool) {
	hi, lo := bits.Mul64(uint64(abs64(a.M)), uint64(abs64(b.M)))
	e := int64(a.E) + int64(b.E)
	if hi != 0 || lo > math.MaxInt64 || e < math.MinInt32 || e > math.MaxInt32 {
		return Fix{}, false
	}
	m := int64(lo)
	if (a.M < 0) != (b.M < 0) {
		m = -m
	}
	return Fix{m, int32(e)}, true
}

// Cmp compares a and b as decimal.Cmp does, and reports false when
// they cannot be aligned in an int64.
func (a Fix) Cmp(b Fix) (int, bool) {
	x, y, _, ok := align(a, b)
	switch {
	case !ok:
		return 0, false
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}

// Q is a quotient as div gives it, rounded to Places (24) places,
// held as a 128-bit two's-complement count of 10^-24: the fast form of
// completions, scores and expected progress.
type Q struct{ Hi, Lo uint64 }

// One is 1.
var One, _ = QFromFix(Fix{1, 0})

// Neg reports whether q is below 0.
func (q Q) Neg() bool { return int64(q.Hi) < 0 }

// Negate returns −q.
func (q Q) Negate() Q {
	lo, b := bits.Sub64(0, q.Lo, 0)
	hi, _ := bits.Sub64(0, q.Hi, b)
	return Q{hi, lo}
}

// Abs returns |q|.
func (q Q) Abs() Q {
	if q.Neg() {
		return q.Negate()
	}
	return q
}

// Cmp compares q and r: −1, 0 or 1.
func (q Q) Cmp(r Q) int {
	if q.Hi != r.Hi {
		return cmp.Compare(int64(q.Hi), int64(r.Hi))
	}
	return cmp.Compare(q.Lo, r.Lo)
}

// Sign returns −1, 0 or 1.
func (q Q) Sign() int { return q.Cmp(Q{}) }

// Sub returns q − r, and false on overflow.
func (q Q) Sub(r Q) (Q, bool) {
	lo, b := bits.Sub64(q.Lo, r.Lo, 0)
	hi, _ := bits.Sub64(q.Hi, r.Hi, b)
	d := Q{hi, lo}
	// Overflow when the operands' signs differ and the result's sign is not q's.
	if q.Neg() != r.Neg() && d.Neg() != q.Neg() {
		return Q{}, false
	}
	return d, true
}

// Add returns q + r, and false on overflow.
func (q Q) Add(r Q) (Q, bool) {
	lo, c := bits.Add64(q.Lo, r.Lo, 0)
	hi, _ := bits.Add64(q.Hi, r.Hi, c)
	s := Q{hi, lo}
	// Overflow when the operands' signs agree and the result's does not.
	if q.Neg() == r.Neg() && s.Neg() != q.Neg() {
		return Q{}, false
	}
	return s, true
}

// Dec returns q as a decimal with exponent −24, as div returns it.
func (q Q) Dec() decimal.Decimal {
	var w [2]big.Word
	return q.DecWith(&w)
}

// DecWith is Dec with scratch space for the words of a large coefficient,
// which a caller making many decimals can keep from one call to the next.
func (q Q) DecWith(w *[2]big.Word) decimal.Decimal {
	if q.Hi == 0 && q.Lo == 0 {
		return decimal.New(0, -Places)
	}
	a := q.Abs()
	if a.Hi == 0 && a.Lo <= math.MaxInt64 {
		m := int64(a.Lo)
		if q.Neg() {
			m = -m
		}
		return decimal.New(m, -Places)
	}
	if bits.UintSize == 64 {
		// decimal copies the big.Int it is given, so this one can be a
		// temporary.
		var b big.Int
		w[0], w[1] = big.Word(a.Lo), big.Word(a.Hi)
		b.SetBits(w[:])
		if q.Neg() {
			b.Neg(&b)
		}
		return decimal.NewFromBigInt(&b, -Places)
	}
	return decimal.NewFromBigInt(bigOf(q), -Places)
}

func bigOf(q Q) *big.Int {
	a := q.Abs()
	var b *big.Int
	if bits.UintSize == 64 {
		b = new(big.Int).SetBits([]big.Word{big.Word(a.Lo), big.Word(a.Hi)})
	} else {
		b = new(big.Int).SetUint64(a.Hi)
		b.Lsh(b, 64).Or(b, new(big.Int).SetUint64(a.Lo))
	}
	if q.Neg() {
		b.Neg(b)
	}
	return b
}

// QOf returns d at 24 places, if it is exactly representable there in
// 127 bits.
func QOf(d decimal.Decimal) (Q, bool) {
	if f, ok := FixOf(d); ok {
		return QFromFix(f)
	}
	if d.Exponent() != -Places {
		return Q{}, false
	}
	c := d.Coefficient()
	if c.BitLen() > 126 || bits.UintSize != 64 {
		return Q{}, false
	}
	w := c.Bits()
	var q Q
	if len(w) > 0 {
		q.Lo = uint64(w[0])
	}
	if len(w) > 1 {
		q.Hi = uint64(w[1])
	}
	if c.Sign() < 0 {
		q = q.Negate()
	}
	return q, true
}

// QFromFix returns f at 24 places, if it is exactly representable there.
func QFromFix(f Fix) (Q, bool) {
	k := Places + f.E
	if f.M == 0 {
		return Q{}, true
	}
	if k < 0 || k > 38 {
		return Q{}, false
	}
	a := uint64(abs64(f.M))
	hi, lo := uint64(0), a
	for k > 0 {
		s := min(k, 19)
		var ok bool
		hi, lo, ok = mul128(hi, lo, pow10[s])
		if !ok {
			return Q{}, false
		}
		k -= s
	}
	if hi>>62 != 0 {
		return Q{}, false
	}
	q := Q{hi, lo}
	if f.M < 0 {
		q = q.Negate()
	}
	return q, true
}

var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// mul128 returns (hi:lo) × m, and false when it needs more than 128 bits.
func mul128(hi, lo, m uint64) (uint64, uint64, bool) {
	h1, l1 := bits.Mul64(lo, m)
	h2, l2 := bits.Mul64(hi, m)
	if h2 != 0 {
		return 0, 0, false
	}
	s, c := bits.Add64(h1, l2, 0)
	if c != 0 {
		return 0, 0, false
	}
	return s, l1, true
}

// Div returns x / y rounded half away from zero to 24 places, exactly as
// div does, when x and y are small enough for 128-bit arithmetic.
func Div(x, y Fix) (Q, bool) {
	if y.M == 0 || x.M == math.MinInt64 || y.M == math.MinInt64 {
		return Q{}, false
	}
	// x/y × 10^24 = X × 10^s / Y with s = 24 + ex − ey.
	s := Places + x.E - y.E
	num := uint64(abs64(x.M))
	den := uint64(abs64(y.M))
	if s < 0 {
		if s < -18 {
			return Q{}, false
		}
		h, l := bits.Mul64(den, pow10[-s])
		if h != 0 {
			return Q{}, false
		}
		den, s = l, 0
	}
	if s > 38 {
		return Q{}, false
	}
	hi, lo := uint64(0), num
	for k := s; k > 0; {
		st := min(k, 19)
		var ok bool
		if hi, lo, ok = mul128(hi, lo, pow10[st]); !ok {
			return Q{}, false
		}
		k -= st
	}
	qhi, r := hi/den, hi%den
	qlo, r := bits.Div64(r, lo, den)
	if r >= den-r { // 2r ≥ den: round away from zero
		var c uint64
		qlo, c = bits.Add64(qlo, 1, 0)
		qhi += c
	}
	if qhi>>62 != 0 {
		return Q{}, false
	}
	q := Q{qhi, qlo}
	if (x.M < 0) != (y.M < 0) {
		q = q.Negate()
	}
	return q, true
}

// Val is a figure as read from a file: a Fix when it fits, else a
// decimal.
type Val struct {
	f   Fix
	d   decimal.Decimal
	big bool
}

// FromFix returns f as a Val.
func FromFix(f Fix) Val { return Val{f: f} }

// ValOf returns d as a Val: a Fix when it fits one.
func ValOf(d decimal.Decimal) Val {
	if f, ok := FixOf(d); ok {
		return Val{f: f}
	}
	return Val{d: d, big: true}
}

// Dec returns v as a decimal.
func (v Val) Dec() decimal.Decimal {
	if v.big {
		return v.d
	}
	return v.f.Dec()
}

// Sign returns −1, 0 or 1.
func (v Val) Sign() int {
	switch {
	case v.big:
		return v.d.Sign()
	case v.f.M < 0:
		return -1
	case v.f.M > 0:
		return 1
	}
	return 0
}

// Shift returns v × 10^k.
func (v Val) Shift(k int32) Val {
	if v.big {
		return Val{d: v.d.Shift(k), big: true}
	}
	return Val{f: Fix{v.f.M, v.f.E + k}}
}

// Cmp compares v and w: −1, 0 or 1.
func (v Val) Cmp(w Val) int {
	if !v.big && !w.big {
		if c, ok := v.f.Cmp(w.f); ok {
			return c
		}
	}
	return v.Dec().Cmp(w.Dec())
}

// Compact returns the figure in a record's form, if it fits.
func (v Val) Compact() (int64, int8, bool) {
	if !v.big && v.f.E > NoExp && v.f.E <= math.MaxInt8 {
		return v.f.M, int8(v.f.E), true
	}
	return Compact(v.Dec())
}
