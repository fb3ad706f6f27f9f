package figure

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// FuzzParse checks Parse against its grammar on any text:
//
//   - it never panics;
//   - it accepts only signs, digits, commas, a point and a final "%",
//     and never more than MaxDigits significant digits;
//   - an accepted figure equals the text read by decimal with its commas
//     and "%" taken out (and divided by 100 for "%");
//   - an accepted figure prints back (decimal's String, with "%" again for
//     a percentage) to text that parses to an equal figure;
//   - a refused text gets an *Error whose message quotes the text, cut
//     short when long, and stays short itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"0", "12", "-3.5", "+7", "1,200.5", "12,345,678", "85%", "12.5%", "-0", "-0.0%",
		"0.05", "100%", "0.000" + strings.Repeat("1", 30), strings.Repeat("9", 30),
		"", "010", "00", "0,123", "1e3", "0x10", "0o10", "1_000", ".inf", "-.inf", ".nan",
		".5", "12.", "1,20", "1234,567", ",123", "1,,000", "1.2.3", "85%%", "%", "-", "+-1",
		"１２", "12 ", " 12", "1,000.000,1", "~", "null", "true", strings.Repeat("1", 31),
		strings.Repeat("1", 2000), "0." + strings.Repeat("0", 76) + "1%",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		v, pct, err := Parse(text)
		if err != nil {
			var fe *Error
			if e, ok := err.(*Error); !ok {
				t.Fatalf("Parse(%q): error %T, want *Error", text, err)
			} else {
				fe = e
			}
			if fe.Text != Shorten(text) {
				t.Fatalf("Parse(%q): error text %q, want %q", text, fe.Text, Shorten(text))
			}
			if fe.Reason == "" || len(err.Error()) > 600 {
				t.Fatalf("Parse(%q): error %q: want a short reason", text, err)
			}
			return
		}
		if pct != strings.HasSuffix(text, "%") {
			t.Fatalf("Parse(%q): percent = %v", text, pct)
		}
		if strings.Trim(text, "+-0123456789.,%") != "" || !utf8.ValidString(text) {
			t.Fatalf("Parse(%q) = %v: accepted a character outside the grammar", text, v)
		}
		if n := len(strings.TrimPrefix(v.Coefficient().String(), "-")); v.Sign() != 0 && n > MaxDigits {
			t.Fatalf("Parse(%q) = %v: %d significant digits", text, v, n)
		}
		// Differential: decimal's own reading of the bare digits.
		bare := strings.TrimSuffix(strings.ReplaceAll(text, ",", ""), "%")
		want, derr := decimal.NewFromString(bare)
		if derr != nil {
			t.Fatalf("Parse(%q) = %v, but decimal refuses %q: %v", text, v, bare, derr)
		}
		if pct {
			want = want.Shift(-2)
		}
		if !v.Equal(want) {
			t.Fatalf("Parse(%q) = %v, want %v", text, v, want)
		}
		// Round trip through the printed form.
		printed := v.String()
		if pct {
			printed = v.Shift(2).String() + "%"
		}
		back, bpct, berr := Parse(printed)
		if berr != nil {
			t.Fatalf("Parse(%q) = %v, printed %q, which does not parse: %v", text, v, printed, berr)
		}
		if bpct != pct || !back.Equal(v) {
			t.Fatalf("Parse(%q) = %v, printed %q, which parses to %v (percent %v)", text, v, printed, back, bpct)
		}
		// Format never panics and its output is a figure too.
		for _, places := range []int32{0, 1, 4} {
			out := Format(v, places)
			if _, _, ferr := Parse(out); ferr != nil && len(out) <= maxLen {
				t.Fatalf("Format(%v, %d) = %q, which does not parse: %v", v, places, out, ferr)
			}
		}
	})
}
