package xlsx

import (
	"fmt"
	"github.com/citybureau/renewal/internal/source"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/citybureau/renewal"
)

// sigDigits is how many significant digits a number cell keeps: what
// Excel shows and calculates with.
const sigDigits = 15

// number reads the decimal text a number cell stores ("0.30000000000000004",
// "1.2E-5") into plain decimal text rounded half to even to 15
// significant digits, with no exponent and no trailing zeros ("0.3",
// "0.000012"). shift moves the decimal point first, as a percent cell's
// "85%" does by 2. The text never goes through float64.
func number(stored string, shift int) (string, error) {
	s := stored
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || s[i+1:] == "" || s[i+1] == ' ' {
			return "", fmt.Errorf("the number cell holds %q, not a number", shorten(stored))
		}
		if e < -400 || e > 400 {
			return "", fmt.Errorf("the number cell holds %q, out of the range of Excel's numbers", shorten(stored))
		}
		exp = e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", fmt.Errorf("the number cell holds %q, not a number", shorten(stored))
	}
	// The value is 0.digits × 10^point.
	point := len(intPart) + exp + shift
	lead := len(digits) - len(strings.TrimLeft(digits, "0"))
	digits, point = digits[lead:], point-lead
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		return "0", nil
	}
	if len(digits) > sigDigits {
		digits, point = roundHalfEven(digits, point)
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	switch {
	case point <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -point))
		b.WriteString(digits)
	case point >= len(digits):
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", point-len(digits)))
	default:
		b.WriteString(digits[:point])
		b.WriteByte('.')
		b.WriteString(digits[point:])
	}
	return b.String(), nil
}

// roundHalfEven rounds the significant digits of 0.digits × 10^point to
// sigDigits, half to even, trimming trailing zeros.
func roundHalfEven(digits string, point int) (string, int) {
	keep, rest := []byte(digits[:sigDigits]), digits[sigDigits:]
	up := rest[0] > '5' || (rest[0] == '5' && (strings.Trim(rest[1:], "0") != "" || (keep[sigDigits-1]-'0')%2 == 1))
	if up {
		i := sigDigits - 1
		for ; i >= 0 && keep[i] == '9'; i-- {
			keep[i] = '0'
		}
		if i < 0 {
			keep = append([]byte{'1'}, keep...)
			point++
		} else {
			keep[i]++
		}
	}
	return strings.TrimRight(string(keep), "0"), point
}

// The first day of each date system: a serial counts days from it.
var (
	epoch1900 = renewal.NewDate(1899, 12, 31) // serial 1 is 1900-01-01
	epoch1904 = renewal.NewDate(1904, 1, 1)   // serial 0 is 1904-01-01
)

// maxSerial is 9999-12-31 in the 1900 system, Excel's last day.
const maxSerial = 2958465

// serialDate returns the day a date cell shows: the serial's whole days
// in the workbook's date system, a time of day dropped. The time is
// first rounded to the millisecond, as Excel does before it formats, so
// 45838.99999999999 shows the next day. Excel's 1900 system counts a
// 29 February 1900 that did not exist (serial 60), kept for Lotus 1-2-3;
// serials after it are one day ahead of a plain count.
func serialDate(stored string, date1904 bool) (renewal.Date, error) {
	text, err := number(stored, 0)
	if err != nil {
		return renewal.Date{}, err
	}
	whole, frac, _ := strings.Cut(strings.TrimPrefix(text, "-"), ".")
	if strings.HasPrefix(text, "-") {
		return renewal.Date{}, fmt.Errorf("the date cell holds the negative serial %s, which is no day", shorten(text))
	}
	if len(whole) > 8 {
		return renewal.Date{}, fmt.Errorf("the date cell holds the serial %s, past 9999-12-31", shorten(text))
	}
	days, _ := strconv.Atoi(whole)
	if frac != "" {
		// frac × 86,400,000 ms, rounded half up on the 10 digits that are kept.
		f := (frac + "0000000000")[:10]
		n, _ := strconv.ParseInt(f, 10, 64) // a day is 10^10 units here
		if (n*86_400_000+5_000_000_000)/10_000_000_000 >= 86_400_000 {
			days++
		}
	}
	if date1904 {
		if days > maxSerial-1462 {
			return renewal.Date{}, fmt.Errorf("the date cell holds the serial %s, past 9999-12-31", shorten(text))
		}
		return epoch1904.AddDays(days), nil
	}
	switch {
	case days == 0:
		return renewal.Date{}, fmt.Errorf("the date cell holds the serial 0, which Excel shows as 1900-01-00, no day")
	case days == 60:
		return renewal.Date{}, fmt.Errorf("the date cell holds the serial 60, which Excel shows as 1900-02-29, a day that did not exist")
	case days > maxSerial:
		return renewal.Date{}, fmt.Errorf("the date cell holds the serial %s, past 9999-12-31", shorten(text))
	case days > 60:
		days--
	}
	return epoch1900.AddDays(days), nil
}

// isoDate reads a cell of type d, which holds an ISO 8601 date and time
// as text; the time is dropped.
func isoDate(s string) (renewal.Date, error) {
	day, _, _ := strings.Cut(s, "T")
	d, err := renewal.ParseDate(day)
	if err != nil {
		return renewal.Date{}, fmt.Errorf("the date cell holds %q, not an ISO 8601 date", shorten(s))
	}
	return d, nil
}

// dateFault is a text date written another way than YYYY-MM-DD: a code
// of source.Words and its arguments.
type dateFault struct {
	code string
	args []string
}

// otherDate matches dates a clerk types in other forms: 2025/6/30,
// 2025.6.30, 2025-6-30, 2025年6月30日, with or without a time after.
var otherDate = regexp.MustCompile(`^(\d{4})\s*(?:[/.\-]|年)\s*(\d{1,2})\s*(?:[/.\-]|月)\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$`)

// textDate checks a text cell in a date column. A YYYY-MM-DD date, or
// text that is no date at all, passes through for the decoder to judge;
// a calendar day written another way gets a message that shows the
// form wanted: the fault's code and arguments.
func textDate(s string) *dateFault {
	m := otherDate.FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, time.Month(mo)) {
		return &dateFault{code: source.CellNotCalendarDay, args: []string{shorten(s)}}
	}
	want := fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	if want == s {
		return nil
	}
	return &dateFault{code: source.CellDateForm, args: []string{shorten(s), want}}
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// trim drops white space at both ends, the ideographic space U+3000 and
// the no-break space U+00A0 included.
func trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' })
}
