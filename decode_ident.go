package renewal

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// maxIdentRunes is the longest identifier, in code points.
const maxIdentRunes = 64

// ident returns an identifier of a department, district, section, task
// or target: 1 to 64 letters and marks of any script (Unicode L and M),
// digits (Nd), '-', '_' and '.', beginning with a letter or digit, as
// written (T1 and t1 are two identifiers).
func (d *decoder) ident(n *yaml.Node, what string) (string, bool) {
	const want = "1 to 64 letters, digits, '-', '_' or '.', beginning with a letter or digit, such as tinghu, T1, A-01.2 or 亭湖"
	s, ok := d.scalarWant(n, what, "an identifier such as tinghu")
	if !ok {
		return "", false
	}
	if why := badIdent(s); why != "" {
		d.errorf(n, ErrValue, CodeNotAnIdentifier, what, shorten(s), why, want)
		return "", false
	}
	return s, true
}

// badIdent says what is wrong with s as an identifier, or "".
func badIdent(s string) string {
	n := 0
	for i, r := range s {
		n++
		switch {
		case n > maxIdentRunes:
			return fmt.Sprintf("it is %d characters long, more than %d", utf8.RuneCountInString(s), maxIdentRunes)
		case i == 0 && !unicode.IsLetter(r) && !unicode.Is(unicode.Nd, r):
			return fmt.Sprintf("it begins with %s", runeName(r))
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.Is(unicode.Nd, r) || r == '-' || r == '_' || r == '.':
		default:
			return fmt.Sprintf("it has %s at character %d", runeName(r), n)
		}
	}
	return ""
}

// runeName names a character for a message: "a space", "'/' (U+002F)".
func runeName(r rune) string {
	switch {
	case r == ' ':
		return "a space"
	case unicode.IsPrint(r):
		return fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return fmt.Sprintf("U+%04X", r)
}

// planIDRE is the plan id's pattern, narrower than other identifiers:
// it names files and URLs.
func (d *decoder) planID(n *yaml.Node) (string, bool) {
	s, ok := d.scalarWant(n, "plan id", "an identifier such as yancheng-renewal-2025")
	if !ok {
		return "", false
	}
	if !identRE.MatchString(s) {
		d.errorf(n, ErrValue, CodePlanIdNotPlan, shorten(s))
		return "", false
	}
	return s, true
}

// idHints finds, for an id a progress file names and the plan does not
// declare, the declared id it was probably meant to be: one that looks
// the same (a Cyrillic or Greek letter for a Latin one, a full-width
// form, an invisible character), or one within two edits. A load builds
// one for its plan and shares it between its workers, read-only.
type idHints struct {
	once               sync.Once
	plan               *Plan
	targets, districts idKind
}

// get returns h built for its plan, building it on first use: a load
// whose ids are all known never builds it.
func (h *idHints) get() *idHints {
	h.once.Do(func() {
		for _, t := range h.plan.Targets {
			h.targets.add(t.ID)
		}
		for _, dis := range h.plan.Districts {
			h.districts.add(dis.ID)
		}
	})
	return h
}

// target and district return the hint for an unknown id of their kind.
func (h *idHints) target(id string) string {
	if h == nil {
		return ""
	}
	return h.get().targets.hint(id)
}

func (h *idHints) district(id string) string {
	if h == nil {
		return ""
	}
	return h.get().districts.hint(id)
}

type idKind struct {
	ids  []string          // declared, in order
	skel map[string]string // skeleton → declared id
}

// maxTypoIDs bounds the ids searched for a typo: each unknown id costs
// an edit distance to each declared one. (Look-alikes are found in any
// number, by a map.)
const maxTypoIDs = 5000

func newIDHints(plan *Plan) *idHints { return &idHints{plan: plan} }

func (k *idKind) add(id string) {
	if k.skel == nil {
		k.skel = map[string]string{}
	}
	k.ids = append(k.ids, id)
	if s := skeleton(id); k.skel[s] == "" {
		k.skel[s] = id
	}
}

// hint returns the clause that follows "… is not a declared …" for id,
// or "".
func (k *idKind) hint(id string) string {
	if len(id) > 4*maxIdentRunes {
		return ""
	}
	if known, ok := k.skel[skeleton(id)]; ok && known != id {
		return fmt.Sprintf(" (it looks like %q but is not the same: %s; a look-alike letter from another script, a full-width form or an invisible character)",
			known, lookAlikeDiff(id, known))
	}
	if len(k.ids) > maxTypoIDs {
		return ""
	}
	if guess := closestRunes(id, k.ids); guess != "" {
		return fmt.Sprintf(" (did you mean %q?)", guess)
	}
	return ""
}

// lookAlikeDiff says where id, which folds to the same skeleton as
// known, differs from it: each character that is another code point, or
// invisible, by its place (counted in characters from 1) and code point.
func lookAlikeDiff(id, known string) string {
	a, b := []rune(id), []rune(known)
	var diffs []string
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && invisible(a[i]):
			diffs = append(diffs, fmt.Sprintf("character %d is the invisible U+%04X", i+1, a[i]))
			i++
		case j < len(b) && invisible(b[j]):
			diffs = append(diffs, fmt.Sprintf("%q has the invisible U+%04X as character %d", known, b[j], j+1))
			j++
		case i < len(a) && j < len(b):
			if a[i] != b[j] {
				diffs = append(diffs, fmt.Sprintf("character %d is U+%04X where %q has U+%04X", i+1, a[i], known, b[j]))
			}
			i, j = i+1, j+1
		default: // cannot happen: equal skeletons have as many visible characters
			i, j = len(a), len(b)
		}
	}
	return strings.Join(diffs, ", ")
}

// invisible says whether skeleton drops r: zero-width spaces and joiners,
// the soft hyphen, the Hangul fillers.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || r == 0x3164 || r == 0x115F || r == 0x1160
}

// skeleton folds s so that strings that print alike fold alike: invisible
// characters dropped, full-width forms to ASCII, and the Cyrillic and
// Greek letters that look like Latin ones to those. It is a small part of
// Unicode's confusables, the part that reaches ids by copy and paste or
// an input method.
func skeleton(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case invisible(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0 // full-width ASCII
		case r == 0x3000:
			r = ' '
		}
		if l, ok := lookAlike[r]; ok {
			r = l
		}
		b.WriteRune(r)
	}
	return b.String()
}

// lookAlike maps Cyrillic and Greek letters to the Latin letters they
// look like, upper and lower case.
var lookAlike = map[rune]rune{
	// Cyrillic
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X', 'У': 'Y',
	'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ԛ': 'Q', 'Ԝ': 'W',
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ј': 'j', 'һ': 'h', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w',
	// Greek
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	'ο': 'o', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x',
	// Latin look-alikes of digits and hyphens
	'‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '−': '-',
}

// closestRunes is closest on characters rather than bytes, so that one
// Chinese character counts as one edit.
func closestRunes(id string, known []string) string {
	if utf8.RuneCountInString(id) > 40 {
		return ""
	}
	a := []rune(id)
	best, bestDist := "", 3
	for _, k := range known {
		if n := utf8.RuneCountInString(k); n-len(a) >= bestDist || len(a)-n >= bestDist {
			continue
		}
		if dist := editDistance(a, []rune(k)); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	return best
}
