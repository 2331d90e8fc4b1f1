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
