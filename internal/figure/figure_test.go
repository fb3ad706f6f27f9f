package figure

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    string // decimal value, "" for an error
		percent bool
		reason  string // part of the error
	}{
		{"Integer", "120", "120", false, ""},
		{"Zero", "0", "0", false, ""},
		{"Fraction", "12.5", "12.5", false, ""},
		{"ZeroFraction", "0.05", "0.05", false, ""},
		{"Negative", "-3.25", "-3.25", false, ""},
		{"Plus", "+7", "7", false, ""},
		{"Commas", "1,200.5", "1200.5", false, ""},
		{"ManyCommas", "12,345,678", "12345678", false, ""},
		{"Percent", "85%", "0.85", true, ""},
		{"PercentFraction", "12.5%", "0.125", true, ""},
		{"ThirtyDigits", strings.Repeat("9", 30), strings.Repeat("9", 30), false, ""},
		{"LeadingZerosOfFractionDoNotCount", "0.000" + strings.Repeat("1", 30), "0.000" + strings.Repeat("1", 30), false, ""},
		{"Empty", "", "", false, "empty"},
		{"Octal", "010", "", false, "leading zero"},
		{"Exponent", "1e3", "", false, `'e' is not a digit`},
		{"Hex", "0x10", "", false, `'x' is not a digit`},
		{"Underscore", "1_000", "", false, `'_' is not a digit`},
		{"Inf", ".inf", "", false, "infinity"},
		{"NegInf", "-.Inf", "", false, "infinity"},
		{"NaN", ".nan", "", false, "not-a-number"},
		{"BareFraction", ".5", "", false, "no digits before the point"},
		{"TrailingPoint", "12.", "", false, "no digits after the point"},
		{"ShortGroup", "1,20", "", false, "groups of three"},
		{"LongLeadGroup", "1234,567", "", false, "groups of three"},
		{"EmptyLeadGroup", ",123", "", false, "groups of three"},
		{"CommaInFraction", "1.2,3", "", false, `',' is not a digit`},
		{"Chinese", "十二", "", false, "is not a digit"},
		{"Tilde", "~", "", false, "is not a digit"},
		{"Space", "1 000", "", false, `' ' is not a digit`},
		{"DoubleSign", "--1", "", false, `'-' is not a digit`},
		{"TooManyDigits", strings.Repeat("9", 31), "", false, "31 significant digits"},
		{"Huge", strings.Repeat("9", 2_000_000), "", false, "2000000 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, pct, err := Parse(tt.text)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("Parse(%q) = %s, want an error", Shorten(tt.text), v)
				}
				if !strings.Contains(err.Error(), tt.reason) {
					t.Fatalf("Parse(%q) error %q, want it to say %q", Shorten(tt.text), err, tt.reason)
				}
				if len(err.Error()) > 300 {
					t.Fatalf("error message is %d bytes long", len(err.Error()))
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.text, err)
			}
			if !v.Equal(decimal.RequireFromString(tt.want)) || pct != tt.percent {
				t.Fatalf("Parse(%q) = %s, %v; want %s, %v", tt.text, v, pct, tt.want, tt.percent)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"0.47504", "0.475"},
		{"0.47505", "0.4751"}, // half up
		{"2.00004", "2"},
		{"-0.00005", "-0.0001"}, // half away from zero
		{"-0.00004", "0"},
		{"120", "120"},
		{"0.33333333333333333333", "0.3333"},
	} {
		if got := Format(decimal.RequireFromString(tt.in), 4); got != tt.want {
			t.Errorf("Format(%s, 4) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestPercent: one place, half away from zero, the place kept, no
// negative zero.
func TestPercent(t *testing.T) {
	for in, want := range map[string]string{"0.74955": "75.0%", "0.7667": "76.7%", "-0.0004": "0.0%", "-0.00051": "-0.1%", "1": "100.0%", "0": "0.0%"} {
		if got := Percent(decimal.RequireFromString(in)); got != want {
			t.Errorf("Percent(%s) = %q, want %q", in, got, want)
		}
	}
}
