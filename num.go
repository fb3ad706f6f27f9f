package renewal

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// A ledger holds close to a million figures, so it keeps them compact: a
// figure is an int64 coefficient and a small exponent, m × 10^e, with no
// pointer for the garbage collector to follow. The rare figure that does
// not fit (more than 18 digits, such as a unit conversion carried to 24
// places) is kept as a decimal in a side table, and its exponent is
// bigExp. Every figure keeps its exact value either way.

// bigExp marks a compact figure whose coefficient indexes a side table of
// decimals.
const bigExp = math.MinInt8

// fix is an exact decimal m × 10^e held in an int64: the form in which
// evaluation does its arithmetic before falling back to decimal.
type fix struct {
	m int64
	e int32
}

// fixOf returns d as a fix, if its coefficient fits in 18 digits. It does
// not allocate.
func fixOf(d decimal.Decimal) (fix, bool) {
	if d.NumDigits() > 18 {
		return fix{}, false
	}
	return fix{d.CoefficientInt64(), d.Exponent()}, true
}

// compact returns d as a coefficient and an int8 exponent, trimming
// trailing zeros when that makes it fit. ok is false when it does not.
func compact(d decimal.Decimal) (m int64, e int8, ok bool) {
	f, fits := fixOf(d)
	if !fits {
		d = trimZeros(d)
		if f, fits = fixOf(d); !fits {
			return 0, 0, false
		}
	}
	for f.e < math.MinInt8+1 && f.m != 0 && f.m%10 == 0 {
		f.m /= 10
		f.e++
	}
	if f.m == 0 {
		f.e = 0
	}
	if f.e <= math.MinInt8 || f.e > math.MaxInt8 {
		return 0, 0, false
	}
	return f.m, int8(f.e), true
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

// dec returns the fix as a decimal.
func (a fix) dec() decimal.Decimal {
	if a.m == 0 {
		return decimal.Decimal{}
	}
	return decimal.New(a.m, a.e)
}

var pow10s = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// scale returns m × 10^k for 0 ≤ k, if it fits in an int64.
func scaleInt(m int64, k int32) (int64, bool) {
	if k < 0 || k > 18 {
		return 0, m == 0 && k >= 0
	}
	p := pow10s[k]
	hi, lo := bits.Mul64(uint64(abs64(m)), uint64(p))
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
func align(a, b fix) (x, y int64, e int32, ok bool) {
	switch {
	case a.e == b.e:
		return a.m, b.m, a.e, true
	case a.e > b.e:
		x, ok = scaleInt(a.m, a.e-b.e)
		return x, b.m, b.e, ok
	default:
		y, ok = scaleInt(b.m, b.e-a.e)
		return a.m, y, a.e, ok
	}
}

func (a fix) add(b fix) (fix, bool) {
	x, y, e, ok := align(a, b)
	s := x + y
	if !ok || (x > 0 && y > 0 && s < 0) || (x < 0 && y < 0 && s >= 0) || s == math.MinInt64 {
		return fix{}, false
	}
	return fix{s, e}, true
}

func (a fix) sub(b fix) (fix, bool) {
	if b.m == math.MinInt64 {
		return fix{}, false
	}
	return a.add(fix{-b.m, b.e})
}

func (a fix) mul(b fix) (fix, bool) {
	hi, lo := bits.Mul64(uint64(abs64(a.m)), uint64(abs64(b.m)))
	e := int64(a.e) + int64(b.e)
	if hi != 0 || lo > math.MaxInt64 || e < math.MinInt32 || e > math.MaxInt32 {
		return fix{}, false
	}
	m := int64(lo)
	if (a.m < 0) != (b.m < 0) {
		m = -m
	}
	return fix{m, int32(e)}, true
}

func (a fix) cmp(b fix) (int, bool) {
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

// q24 is a quotient as div gives it, rounded to Precision (24) places,
// held as a 128-bit two's-complement count of 10^-24: the fast form of
// completions, scores and expected progress.
type q24 struct{ hi, lo uint64 }

// q24One is 1.
var q24One, _ = q24FromFix(fix{1, 0})

func (q q24) neg() bool { return int64(q.hi) < 0 }

func (q q24) negate() q24 {
	lo, b := bits.Sub64(0, q.lo, 0)
	hi, _ := bits.Sub64(0, q.hi, b)
	return q24{hi, lo}
}

func (q q24) abs() q24 {
	if q.neg() {
		return q.negate()
	}
	return q
}

func (q q24) cmp(r q24) int {
	if q.hi != r.hi {
		if int64(q.hi) < int64(r.hi) {
			return -1
		}
		return 1
	}
	switch {
	case q.lo < r.lo:
		return -1
	case q.lo > r.lo:
		return 1
	}
	return 0
}

func (q q24) sign() int { return q.cmp(q24{}) }

// sub returns q − r, and false on overflow.
func (q q24) sub(r q24) (q24, bool) {
	lo, b := bits.Sub64(q.lo, r.lo, 0)
	hi, _ := bits.Sub64(q.hi, r.hi, b)
	d := q24{hi, lo}
	// Overflow when the operands' signs differ and the result's sign is not q's.
	if q.neg() != r.neg() && d.neg() != q.neg() {
		return q24{}, false
	}
	return d, true
}

// dec returns q as a decimal with exponent −24, as div returns it.
func (q q24) dec() decimal.Decimal {
	var w [2]big.Word
	return q.decWith(&w)
}

// decWith is dec with scratch space for the words of a large coefficient,
// which a caller making many decimals can keep from one call to the next.
func (q q24) decWith(w *[2]big.Word) decimal.Decimal {
	if q.hi == 0 && q.lo == 0 {
		return decimal.New(0, -Precision)
	}
	a := q.abs()
	if a.hi == 0 && a.lo <= math.MaxInt64 {
		m := int64(a.lo)
		if q.neg() {
			m = -m
		}
		return decimal.New(m, -Precision)
	}
	if bits.UintSize == 64 {
		// decimal copies the big.Int it is given, so this one can be a
		// temporary.
		var b big.Int
		w[0], w[1] = big.Word(a.lo), big.Word(a.hi)
		b.SetBits(w[:])
		if q.neg() {
			b.Neg(&b)
		}
		return decimal.NewFromBigInt(&b, -Precision)
	}
	return decimal.NewFromBigInt(bigOf(q), -Precision)
}

func bigOf(q q24) *big.Int {
	a := q.abs()
	var b *big.Int
	if bits.UintSize == 64 {
		b = new(big.Int).SetBits([]big.Word{big.Word(a.lo), big.Word(a.hi)})
	} else {
		b = new(big.Int).SetUint64(a.hi)
		b.Lsh(b, 64).Or(b, new(big.Int).SetUint64(a.lo))
	}
	if q.neg() {
		b.Neg(b)
	}
	return b
}

// q24Of returns d at 24 places, if it is exactly representable there in
// 127 bits.
func q24Of(d decimal.Decimal) (q24, bool) {
	if f, ok := fixOf(d); ok {
		return q24FromFix(f)
	}
	if d.Exponent() != -Precision {
		return q24{}, false
	}
	c := d.Coefficient()
	if c.BitLen() > 126 || bits.UintSize != 64 {
		return q24{}, false
	}
	w := c.Bits()
	var q q24
	if len(w) > 0 {
		q.lo = uint64(w[0])
	}
	if len(w) > 1 {
		q.hi = uint64(w[1])
	}
	if c.Sign() < 0 {
		q = q.negate()
	}
	return q, true
}

// q24FromFix returns f at 24 places, if it is exactly representable there.
func q24FromFix(f fix) (q24, bool) {
	k := Precision + f.e
	if f.m == 0 {
		return q24{}, true
	}
	if k < 0 || k > 38 {
		return q24{}, false
	}
	a := uint64(abs64(f.m))
	hi, lo := uint64(0), a
	for k > 0 {
		s := min(k, 19)
		var ok bool
		hi, lo, ok = mul128(hi, lo, pow10u[s])
		if !ok {
			return q24{}, false
		}
		k -= s
	}
	if hi>>62 != 0 {
		return q24{}, false
	}
	q := q24{hi, lo}
	if f.m < 0 {
		q = q.negate()
	}
	return q, true
}

var pow10u = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
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

// div24 returns x / y rounded half away from zero to 24 places, exactly as
// div does, when x and y are small enough for 128-bit arithmetic.
func div24(x, y fix) (q24, bool) {
	if y.m == 0 || x.m == math.MinInt64 || y.m == math.MinInt64 {
		return q24{}, false
	}
	// x/y × 10^24 = X × 10^s / Y with s = 24 + ex − ey.
	s := Precision + x.e - y.e
	num := uint64(abs64(x.m))
	den := uint64(abs64(y.m))
	if s < 0 {
		if s < -18 {
			return q24{}, false
		}
		h, l := bits.Mul64(den, pow10u[-s])
		if h != 0 {
			return q24{}, false
		}
		den, s = l, 0
	}
	if s > 38 {
		return q24{}, false
	}
	hi, lo := uint64(0), num
	for k := s; k > 0; {
		st := min(k, 19)
		var ok bool
		if hi, lo, ok = mul128(hi, lo, pow10u[st]); !ok {
			return q24{}, false
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
		return q24{}, false
	}
	q := q24{qhi, qlo}
	if (x.m < 0) != (y.m < 0) {
		q = q.negate()
	}
	return q, true
}

// figVal is a figure as read from a file: a fix when it fits, else a
// decimal.
type figVal struct {
	f   fix
	d   decimal.Decimal
	big bool
}

func figValOf(d decimal.Decimal) figVal {
	if f, ok := fixOf(d); ok {
		return figVal{f: f}
	}
	return figVal{d: d, big: true}
}

func (v figVal) dec() decimal.Decimal {
	if v.big {
		return v.d
	}
	return v.f.dec()
}

func (v figVal) sign() int {
	switch {
	case v.big:
		return v.d.Sign()
	case v.f.m < 0:
		return -1
	case v.f.m > 0:
		return 1
	}
	return 0
}

func (v figVal) shift(k int32) figVal {
	if v.big {
		return figVal{d: v.d.Shift(k), big: true}
	}
	return figVal{f: fix{v.f.m, v.f.e + k}}
}

func (v figVal) cmp(w figVal) int {
	if !v.big && !w.big {
		if c, ok := v.f.cmp(w.f); ok {
			return c
		}
	}
	return v.dec().Cmp(w.dec())
}

// compact returns the figure in a record's form, if it fits.
func (v figVal) compact() (int64, int8, bool) {
	if !v.big && v.f.e > bigExp && v.f.e <= math.MaxInt8 {
		return v.f.m, int8(v.f.e), true
	}
	return compact(v.dec())
}
