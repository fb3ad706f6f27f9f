// Package figure parses the decimal figures of plan and progress files.
//
// The grammar is plain decimal notation, as the formats give it:
//
//	figure   = [sign] integer [fraction] ["%"]
//	sign     = "+" | "-"
//	integer  = "0" | nonzero {digit} | nonzero [digit [digit]] {"," digit digit digit}
//	fraction = "." digit {digit}
//
// So "12", "-3.5", "1,200.5" and "85%" are figures, while "010", "1e3",
// "0x10", "1_000", ".5", "12.", "1,20" and ".inf" are not. A figure holds
// at most [MaxDigits] significant digits. Text is never read through
// float64: the digits are handed to decimal as written.
package figure

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal/internal/fixed"
)

// MaxDigits is the most significant digits a figure may hold.
const MaxDigits = 30

// maxLen bounds the text looked at before any parsing, so that a
// two-million-digit scalar costs nothing: 30 digits, 9 commas, a sign, a
// point, a percent sign and leading zeros of a small fraction fit well
// within it.
const maxLen = 80

// Error says why a text is not a figure.
type Error struct {
	Text   string // the text as written, shortened when long
	Reason string // what is wrong, e.g. "it has a leading zero"
}

func (e *Error) Error() string {
	return fmt.Sprintf("%q is not a decimal figure: %s; want digits such as 12, 12.5, 1,200 or 85%%", e.Text, e.Reason)
}

// Parse reads a figure. It returns the value, already divided by 100 when
// the text ends in "%", and whether it did so.
func Parse(text string) (v decimal.Decimal, percent bool, err error) {
	fail := func(reason string) (decimal.Decimal, bool, error) {
		return decimal.Decimal{}, false, &Error{Text: Shorten(text), Reason: reason}
	}
	if text == "" {
		return fail("it is empty")
	}
	switch strings.ToLower(strings.TrimLeft(text, "+-")) {
	case ".inf", ".nan":
		return fail("it is YAML's infinity or not-a-number, not a figure")
	}
	if len(text) > maxLen {
		return fail(fmt.Sprintf("it is %d characters long", len(text)))
	}
	s, neg := fixed.CutSign(text)
	if strings.HasSuffix(s, "%") {
		percent = true
		s = s[:len(s)-1]
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" {
		return fail("it has no digits before the point")
	}
	if hasPoint && frac == "" {
		return fail("it has no digits after the point")
	}
	var digits strings.Builder
	groups := strings.Split(intPart, ",")
	for i, g := range groups {
		if !allDigits(g) {
			return fail(badChar(g))
		}
		switch {
		case i == 0 && len(groups) > 1 && (len(g) == 0 || len(g) > 3):
			return fail("its comma groups are not groups of three")
		case i > 0 && len(g) != 3:
			return fail("its comma groups are not groups of three")
		}
		digits.WriteString(g)
	}
	if groups[0][0] == '0' && (len(groups[0]) > 1 || len(groups) > 1) {
		return fail("it has a leading zero, which YAML reads as octal")
	}
	if !allDigits(frac) {
		return fail(badChar(frac))
	}
	all := digits.String() + frac
	if n := len(strings.TrimLeft(all, "0")); n > MaxDigits {
		return fail(fmt.Sprintf("it has %d significant digits, more than %d", n, MaxDigits))
	}
	num := all
	if neg {
		num = "-" + num
	}
	v, err = decimal.NewFromString(num)
	if err != nil { // unreachable: the text is digits only
		return fail(err.Error())
	}
	exp := -int32(len(frac))
	if percent {
		exp -= 2
	}
	return decimal.NewFromBigInt(v.Coefficient(), exp), percent, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func badChar(s string) string {
	for _, r := range s {
		if r < '0' || r > '9' {
			return fmt.Sprintf("%q is not a digit", r)
		}
	}
	return "it is not plain decimal notation"
}

// Shorten cuts a long text for an error message, keeping its start.
func Shorten(s string) string {
	const keep = 40
	if len(s) <= keep {
		return s
	}
	cut := keep
	for cut > 0 && (s[cut]&0xC0) == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return s[:cut] + fmt.Sprintf("…(%d bytes)", len(s))
}

// Format renders v rounded half away from zero (四舍五入 on the magnitude)
// to places decimal places, with trailing zeros trimmed: 0.47504 → "0.475",
// 2.00004 → "2", −0.00005 → "-0.0001", −0.00004 → "0".
func Format(v decimal.Decimal, places int32) string {
	var buf [48]byte
	if out, ok := fixed.AppendFast(buf[:0], v, places); ok {
		return string(out)
	}
	return formatSlow(v, places)
}

// Percent renders a fraction as a percentage with one decimal place,
// rounded half away from zero (四舍五入): 0.74955 → "75.0%", 0.7667 →
// "76.7%", −0.0004 → "0.0%". The place is kept when it is 0, so that a
// column of percentages lines up on its decimal point. It is the one
// rule of the reports, the page and the circular.
func Percent(v decimal.Decimal) string {
	s := v.Shift(2).Round(1).StringFixed(1)
	if s == "-0.0" {
		s = "0.0"
	}
	return s + "%"
}

// AppendFormat appends Format(v, places) to dst.
func AppendFormat(dst []byte, v decimal.Decimal, places int32) []byte {
	if out, ok := fixed.AppendFast(dst, v, places); ok {
		return out
	}
	return append(dst, formatSlow(v, places)...)
}

// formatSlow is Format by decimal's own rounding and printing: the
// definition the fast path is tested against.
func formatSlow(v decimal.Decimal, places int32) string {
	s := v.Round(places).StringFixed(places)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
