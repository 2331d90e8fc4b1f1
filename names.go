package kam

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldChain removes accents: decompose, drop combining marks, recompose.
var foldChain = []transform.Transformer{norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC}

// SearchKey folds text for case- and accent-insensitive matching: lower case,
// accents removed, runs of spaces collapsed. "Société Générale" → "societe generale".
func SearchKey(s string) string {
	folded, _, err := transform.String(transform.Chain(foldChain...), s)
	if err != nil {
		folded = s
	}
	folded = strings.ToLower(folded)
	return strings.Join(strings.Fields(folded), " ")
}

// legalSuffixes are company-form words dropped when comparing company names.
var legalSuffixes = map[string]bool{
	"ltd": true, "limited": true, "plc": true, "llc": true, "llp": true, "inc": true,
	"incorporated": true, "corp": true, "corporation": true, "co": true, "company": true,
	"gmbh": true, "ag": true, "kg": true, "se": true, "sa": true, "sas": true, "sarl": true,
	"srl": true, "spa": true, "bv": true, "nv": true, "ab": true, "as": true, "oy": true,
	"pty": true, "pte": true, "kk": true, "sl": true, "lda": true, "the": true,
}

// NormalizeCompanyName reduces a company name to the form used to find
// duplicates: folded like SearchKey, punctuation removed, legal suffixes such as
// Ltd, GmbH, Inc and S.A. dropped. "ACME Gmbh." and "Acme" both give "acme".
func NormalizeCompanyName(s string) string {
	key := SearchKey(s)
	// Join dotted abbreviations first, so that "s.a." becomes "sa".
	key = strings.ReplaceAll(key, ".", "")
	words := strings.FieldsFunc(key, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	kept := words[:0]
	for _, w := range words {
		if !legalSuffixes[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return strings.Join(words, " ")
	}
	return strings.Join(kept, " ")
}

// NameSimilarity scores how alike two company names are, from 0 to 100: the
// Dice coefficient of the letter pairs of their match keys (see MatchKey).
// "Acme Industries" and "Acme Industry" score 83; unrelated names near 0.
// Names whose numbers differ ("Store 12", "Store 13") name different
// companies, so their score is halved.
func NameSimilarity(a, b string) int { return KeySimilarity(MatchKey(a), MatchKey(b)) }

// KeySimilarity is NameSimilarity of two match keys.
func KeySimilarity(a, b string) int {
	if !SameDigits(a, b) {
		return similarity([]rune(a), []rune(b)) / 2
	}
	return similarity([]rune(a), []rune(b))
}

// SameDigits reports whether a and b hold the same digits in the same order,
// ignoring everything else.
func SameDigits(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && (a[i] < '0' || a[i] > '9') {
			i++
		}
		for j < len(b) && (b[j] < '0' || b[j] > '9') {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

func similarity(x, y []rune) int {
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	if string(x) == string(y) {
		return 100
	}
	if len(x) < 2 || len(y) < 2 {
		return 0
	}
	pairs := make(map[[2]rune]int, len(x))
	for i := 0; i+1 < len(x); i++ {
		pairs[[2]rune{x[i], x[i+1]}]++
	}
	shared := 0
	for i := 0; i+1 < len(y); i++ {
		p := [2]rune{y[i], y[i+1]}
		if pairs[p] > 0 {
			pairs[p]--
			shared++
		}
	}
	return 200 * shared / (len(x) - 1 + len(y) - 1)
}

// sharedDomains are web and mail domains many unrelated companies use, which
// therefore say nothing about who a company is.
var sharedDomains = map[string]bool{
	"example.com": true, "example.org": true, "example.net": true, "gmail.com": true, "googlemail.com": true,
	"outlook.com": true, "hotmail.com": true, "live.com": true, "yahoo.com": true, "icloud.com": true,
	"aol.com": true, "gmx.de": true, "gmx.net": true, "web.de": true, "t-online.de": true, "orange.fr": true,
	"free.fr": true, "proton.me": true, "protonmail.com": true, "linkedin.com": true, "facebook.com": true,
}

// SharedDomain reports whether domain is one many companies share (a free
// mail provider, a social network, example.com), so that two accounts with
// it are not the same company for that reason.
func SharedDomain(domain string) bool { return sharedDomains[strings.ToLower(domain)] }
