package xlsx

import (
	"github.com/citybureau/renewal/internal/source"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		stored string
		shift  int
		want   string
	}{
		{"14", 0, "14"},
		{"0.30000000000000004", 0, "0.3"}, // 0.1+0.2: the 16th and 17th digits drop
		{"0.1", 0, "0.1"},
		{"1.2E-5", 0, "0.000012"},
		{"1.2e+3", 0, "1200"},
		{"-0", 0, "0"},
		{"-12.50", 0, "-12.5"},
		{"0.85", 2, "85"},                            // a percent cell's 0.85 is 85%
		{"0.30000000000000004", 2, "30"},             // rounded before the shift, as Excel holds it
		{"123456789012345.5", 0, "123456789012346"},  // 15 digits kept; ...5|5 rounds up (5 odd)
		{"123456789012344.5", 0, "123456789012344"},  // ...4|5, exactly half: to even, stays 4
		{"123456789012344.51", 0, "123456789012345"}, // more than half: up
		{"999999999999999.5", 0, "1000000000000000"}, // the carry adds a digit
		{"0.000123456789012345678", 0, "0.000123456789012346"},
		{"1E+20", 0, "100000000000000000000"},
		{"45838.99999999999", 0, "45839"}, // 16 digits; the 16th, 9, rounds up
	}
	for _, tc := range tests {
		got, err := number(tc.stored, tc.shift)
		if assert.NoError(t, err, tc.stored) {
			assert.Equal(t, tc.want, got, "%s shifted %d", tc.stored, tc.shift)
		}
	}
	for _, bad := range []string{"", "abc", "1e", "1e+999", "0x10", "1.2.3", "--1", "1E 5", "NaN", "INF"} {
		_, err := number(bad, 0)
		assert.Error(t, err, bad)
	}
}

func TestSerialDate(t *testing.T) {
	tests := []struct {
		stored   string
		date1904 bool
		want     string
	}{
		{"1", false, "1900-01-01"},
		{"59", false, "1900-02-28"},
		{"61", false, "1900-03-01"}, // after the phantom 1900-02-29
		{"45838", false, "2025-06-30"},
		{"45838.75", false, "2025-06-30"},          // 18:00 dropped
		{"45838.99999999999", false, "2025-07-01"}, // 23:59:59.99999 rounds to midnight
		{"45838.9999999", false, "2025-06-30"},     // 23:59:59.991 stays
		{"44376", true, "2025-06-30"},              // 45838 − 1462, the 1904 system's offset
		{"0", true, "1904-01-01"},
		{"2958465", false, "9999-12-31"},
	}
	for _, tc := range tests {
		d, err := serialDate(tc.stored, tc.date1904)
		if assert.NoError(t, err, tc.stored) {
			assert.Equal(t, tc.want, d.String(), "serial %s (1904: %v)", tc.stored, tc.date1904)
		}
	}
	for _, bad := range []string{"0", "60", "-1", "2958466", "x"} {
		_, err := serialDate(bad, false)
		assert.Error(t, err, bad)
	}
}

func TestClassifyFormat(t *testing.T) {
	tests := []struct {
		code string
		want numFmtKind
	}{
		{"General", plainNumber},
		{"0.00", plainNumber},
		{"#,##0.00\"元\"", plainNumber},
		{"0.0%", percentNumber},
		{"0.0\"%\"", plainNumber}, // a quoted % is text
		{"0.0\\%", plainNumber},   // so is an escaped one
		{"yyyy-mm-dd", dateNumber},
		{"yyyy\"年\"m\"月\"d\"日\"", dateNumber},
		{"[$-804]yyyy/m/d", dateNumber},
		{"[Red]0.00", plainNumber}, // d inside brackets is no day
		{"0.00\"d\"", plainNumber}, // nor inside quotes
		{"0_d", plainNumber},       // nor after _ (a space as wide as d)
		{"m/d/yy h:mm", dateNumber},
		{"0.00E+00", plainNumber},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, classifyFormat(tc.code), tc.code)
	}
	assert.Equal(t, percentNumber, builtinFormat(9))
	assert.Equal(t, dateNumber, builtinFormat(14))
	assert.Equal(t, dateNumber, builtinFormat(31)) // yyyy"年"m"月"d"日" in zh-CN
	assert.Equal(t, plainNumber, builtinFormat(2))
}

func TestTextDate(t *testing.T) {
	tests := []struct{ text, want string }{
		{"2025-06-30", ""},
		{"yesterday", ""}, // not a date in another form: the decoder names it
		{"2025/6/30", `"2025/6/30" is not written YYYY-MM-DD; write 2025-06-30 (or enter it as a date cell)`},
		{"2025.6.30", `"2025.6.30" is not written YYYY-MM-DD; write 2025-06-30 (or enter it as a date cell)`},
		{"2025年6月30日", `"2025年6月30日" is not written YYYY-MM-DD; write 2025-06-30 (or enter it as a date cell)`},
		{"2025-6-30", `"2025-6-30" is not written YYYY-MM-DD; write 2025-06-30 (or enter it as a date cell)`},
		{"2025-06-30 00:00:00", `"2025-06-30 00:00:00" is not written YYYY-MM-DD; write 2025-06-30 (or enter it as a date cell)`},
		{"2025/2/30", `"2025/2/30" is not a calendar day; want a date written YYYY-MM-DD, such as 2025-06-30`},
	}
	for _, tc := range tests {
		f := textDate(tc.text)
		if tc.want == "" {
			assert.Nil(t, f, tc.text)
		} else if assert.NotNil(t, f, tc.text) {
			assert.Equal(t, "日期: "+tc.want, source.English(f.code, append([]string{"日期"}, f.args...)))
		}
	}
}

func TestCellNames(t *testing.T) {
	for _, tc := range []struct {
		ref      string
		row, col int
	}{{"A1", 1, 1}, {"D7", 7, 4}, {"Z9", 9, 26}, {"AA10", 10, 27}, {"XFD1048576", 1 << 20, 16384}} {
		c, r, ok := parseRef(tc.ref)
		assert.True(t, ok, tc.ref)
		assert.Equal(t, [2]int{tc.row, tc.col}, [2]int{r, c}, tc.ref)
		assert.Equal(t, tc.ref, CellName(tc.row, tc.col))
	}
	for _, bad := range []string{"", "1", "A", "A0", "a1", "XFE1", "A1048577", "AAAA1"} {
		_, _, ok := parseRef(bad)
		assert.False(t, ok, bad)
	}
}
