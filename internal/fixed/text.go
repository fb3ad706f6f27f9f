package fixed

import (
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"
)

// CutSign returns s without its leading "+" or "-", and whether it was
// "-". s must not be empty.
func CutSign(s string) (rest string, neg bool) {
	switch s[0] {
	case '+':
		return s[1:], false
	case '-':
		return s[1:], true
	}
	return s, false
}

// ParseInt64 is the allocation-free fast path of figure.Parse for the common
// figure: an optional sign, digits with no comma grouping, an optional
// fraction and an optional "%", 18 digits at most. It returns the figure
// as m × 10^exp, exp already lowered by 2 for "%". When ok is false the
// text is not of that simple form and the caller must use figure.Parse, which
// gives the same value for every text ParseInt64 accepts, and the error
// for every text that is not a figure.
func ParseInt64(text string) (m int64, exp int32, percent, ok bool) {
	s := text
	if len(s) == 0 || len(s) > 21 {
		return 0, 0, false, false
	}
	s, neg := CutSign(s)
	if n := len(s); n > 0 && s[n-1] == '%' {
		percent = true
		s = s[:n-1]
	}
	if len(s) == 0 || s[0] < '0' || s[0] > '9' {
		return 0, 0, false, false
	}
	if s[0] == '0' && len(s) > 1 && s[1] != '.' {
		return 0, 0, false, false // a leading zero: Parse explains
	}
	var u uint64
	digits, frac := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			u = u*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return 0, 0, false, false
		}
	}
	if digits > 18 || frac == 0 {
		return 0, 0, false, false
	}
	m = int64(u)
	if neg {
		m = -m
	}
	exp = -int32(max(frac, 0))
	if percent {
		exp -= 2
	}
	return m, exp, percent, true
}

// Split returns v's coefficient as a sign and a 128-bit magnitude hi:lo,
// and its exponent, so that v = ±(hi·2⁶⁴ + lo) × 10^exp. It reports false
// when the coefficient needs more than 128 bits. It allocates only for a
// coefficient of more than 18 digits.
func Split(v decimal.Decimal) (neg bool, hi, lo uint64, exp int32, ok bool) {
	exp = v.Exponent()
	if v.NumDigits() <= 18 {
		m := v.CoefficientInt64()
		if m < 0 {
			return true, 0, uint64(-m), exp, true
		}
		return false, 0, uint64(m), exp, true
	}
	c := v.Coefficient()
	if c.BitLen() > 128 || bits.UintSize != 64 {
		return false, 0, 0, 0, false
	}
	w := c.Bits()
	switch len(w) {
	case 1:
		lo = uint64(w[0])
	case 2:
		lo, hi = uint64(w[0]), uint64(w[1])
	}
	return c.Sign() < 0, hi, lo, exp, true
}

// AppendFast appends v rounded half away from zero to places decimal
// places, trailing zeros trimmed, as internal/figure's Format writes it.
// It reports false, appending nothing, when v is outside the range of
// 128-bit arithmetic; the caller then formats it with decimal.
func AppendFast(dst []byte, v decimal.Decimal, places int32) ([]byte, bool) {
	if neg, hi, lo, exp, ok := Split(v); ok {
		return appendFast(dst, neg, hi, lo, exp, places)
	}
	return dst, false
}

// appendFast is AppendFast for ±(hi:lo) × 10^exp. It reports false when
// the figure is out of its range, and the general path must be taken.
func appendFast(dst []byte, neg bool, hi, lo uint64, exp int32, places int32) ([]byte, bool) {
	if places < 0 || places > 38 || exp > 38 || exp < -76 {
		return dst, false
	}
	if k := -exp - places; k > 0 {
		// Round half away from zero at places: truncate all but the first
		// dropped digit, then round on that digit, as decimal's Round does.
		for n := k - 1; n > 0; {
			s := min(n, 19)
			hi, lo, _ = div128(hi, lo, pow10[s])
			n -= s
		}
		var d uint64
		hi, lo, d = div128(hi, lo, 10)
		if d >= 5 {
			var c uint64
			lo, c = bits.Add64(lo, 1, 0)
			hi += c
		}
		exp = -places
	}
	if hi != 0 {
		return dst, false
	}
	if lo == 0 {
		return append(dst, '0'), true
	}
	if neg {
		dst = append(dst, '-')
	}
	if exp >= 0 {
		dst = strconv.AppendUint(dst, lo, 10)
		for range exp {
			dst = append(dst, '0')
		}
		return dst, true
	}
	// lo × 10^exp with exp < 0: drop the fraction's trailing zeros first.
	for exp < 0 && lo%10 == 0 {
		lo /= 10
		exp++
	}
	var buf [24]byte
	s := strconv.AppendUint(buf[:0], lo, 10)
	fracLen := int(-exp)
	if fracLen == 0 {
		return append(dst, s...), true
	}
	if len(s) > fracLen {
		dst = append(dst, s[:len(s)-fracLen]...)
		dst = append(dst, '.')
		return append(dst, s[len(s)-fracLen:]...), true
	}
	dst = append(dst, '0', '.')
	for range fracLen - len(s) {
		dst = append(dst, '0')
	}
	return append(dst, s...), true
}

func div128(hi, lo, d uint64) (qhi, qlo, r uint64) {
	qhi, r = hi/d, hi%d
	qlo, r = bits.Div64(r, lo, d)
	return qhi, qlo, r
}
