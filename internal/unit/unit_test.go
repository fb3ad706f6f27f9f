package unit

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestConvert(t *testing.T) {
	for _, tt := range []struct {
		v, from, to, want string
		ok                bool
	}{
		{"30", "亩", "公顷", "2", true},                            // 30 × 10000/15 / 10000 = 2
		{"18.5", "亩", "公顷", "1.233333333333333333333333", true}, // 18.5/15, 24 places, half up
		{"1", "亩", "平方米", "666.666666666666666666666667", true}, // 10000/15
		{"2.5", "公顷", "亩", "37.5", true},                        // 2.5 × 15
		{"1.2", "平方公里", "公顷", "120", true},
		{"3", "公里", "米", "3000", true},
		{"1500", "米", "公里", "1.5", true},
		{"2.3", "万户", "户", "23000", true},
		{"5", "亿元", "万元", "50000", true},
		{"7", "个", "个", "7", true},
		{"7", "个", "处", "", false},
		{"7", "公顷", "公里", "", false},
		{"7", "%", "公顷", "", false},
		{"7", "furlong", "米", "", false},
	} {
		got, ok := Convert(decimal.RequireFromString(tt.v), tt.from, tt.to)
		if ok != tt.ok || (ok && !got.Equal(decimal.RequireFromString(tt.want))) {
			t.Errorf("Convert(%s %s → %s) = %s, %v; want %s, %v", tt.v, tt.from, tt.to, got, ok, tt.want, tt.ok)
		}
	}
}
