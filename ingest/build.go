package ingest

import (
	"fmt"
	"strings"

	"github.com/kamhq/kam"
)

// rowReader reads one row's fields and rejects the row on the first bad value.
type rowReader struct {
	e   *engine
	f   *fileState
	row *Row
	bad bool
}

func (e *engine) reader(f *fileState, row *Row) *rowReader { return &rowReader{e: e, f: f, row: row} }

// text returns a field's value with surrounding spaces removed, and without
// the quote an export puts before text a spreadsheet would take for a
// formula ("'=x" is "=x", "'-2+3" is "-2+3").
func (r *rowReader) text(field string) string {
	v := strings.TrimSpace(r.f.mapping.Value(r.row, field))
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		v = v[1:]
	}
	return v
}

// column names the input column of a field, for rejections.
func (f *fileState) column(field string) string {
	if i, ok := f.mapping.Columns[field]; ok {
		return f.table.Header()[i]
	}
	return ""
}

// fail rejects the row once, naming the column of field.
func (r *rowReader) fail(field, format string, args ...any) {
	if !r.bad {
		r.bad = true
		r.e.reject(r.f, r.row, r.f.column(field), fmt.Sprintf(format, args...))
	}
}

func (r *rowReader) require(field, what string) string {
	v := r.text(field)
	if v == "" {
		r.fail(field, "%s is empty", what)
	}
	return v
}

func (r *rowReader) money(field string) kam.Money {
	v := r.text(field)
	if v == "" {
		return 0
	}
	m, err := ParseAmountIn(v, r.f.decimalComma)
	if err != nil {
		r.fail(field, "%v", err)
	}
	return m
}

// version reads the version a kam export wrote (0 when absent), which a
// change must still match: the record must not have changed since.
func (r *rowReader) version() int64 {
	v := r.text("version")
	if v == "" {
		return 0
	}
	n, err := ParseQuantityIn(v, r.f.decimalComma)
	if err != nil || n <= 0 {
		r.fail("version", "version %q is not a positive whole number", v)
	}
	return n
}

func (r *rowReader) day(field string) kam.Date {
	v := r.text(field)
	if v == "" {
		return kam.Date{}
	}
	d, err := ParseDay(v)
	if err != nil {
		r.fail(field, "%v", err)
	}
	return d
}

// fieldsSet lists the store fields an import sets: the mapped ones, renamed
// to the store's names where they differ.
func fieldsSet(m *Mapping, rename map[string]string) []string {
	var out []string
	for f := range m.Columns {
		if to, ok := rename[f]; ok {
			f = to
		}
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// seenKeys rejects a second row with the same id in one file.
type seenKeys map[string]int

func (s seenKeys) check(r *rowReader, field, key string) bool {
	if first, ok := s[key]; ok {
		r.fail(field, "id %q already appeared at line %d of this file", key, first)
		return false
	}
	s[key] = r.row.Line
	return true
}

// refID is the id a Salesforce tree export gives the n-th record of a file.
func refID(kind Kind, n int) string {
	object := map[Kind]string{KindAccounts: "Account", KindContacts: "Contact", KindOpportunities: "Opportunity"}[kind]
	return fmt.Sprintf("%sRef%d", object, n)
}

// refText strips the "@" of a Salesforce tree reference.
func refText(s string) string { return strings.TrimPrefix(strings.TrimSpace(s), "@") }

// externalID reads a row's id: its id column, else the Salesforce reference
// its position gives (RefIDs profiles), else fallback (such as the name).
func (e *engine) externalID(r *rowReader, n int, fallback string) string {
	if r.f.mapping.Has("kam_id") {
		return r.text("kam_id") // "" is a new record
	}
	if id := ParseID(refText(r.text("external_id"))); id != "" {
		return id
	}
	if e.opts.Profile != nil && e.opts.Profile.RefIDs {
		return refID(r.f.kind, n)
	}
	return fallback
}

// domainOf reduces a website to its host: "http://www.acme.com/about" → "acme.com".
func domainOf(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(s, "www.")
	if !strings.Contains(s, ".") || strings.ContainsAny(s, " @") {
		return ""
	}
	return s
}

// stageSynonyms map the stage names of other systems to kam's stages.
var stageSynonyms = map[string]string{
	"prospecting": "prospecting", "prospect": "prospecting", "lead": "prospecting", "new": "prospecting",
	"qualification": "qualification", "qualify": "qualification", "engaging": "qualification", "needsanalysis": "qualification",
	"iddecisionmakers": "qualification", "discovery": "qualification",
	"proposal": "proposal", "valueproposition": "proposal", "perceptionanalysis": "proposal", "proposalpricequote": "proposal", "quote": "proposal",
	"negotiation": "negotiation", "negotiationreview": "negotiation", "contract": "negotiation",
	"won": "won", "closedwon": "won", "win": "won",
	"lost": "lost", "closedlost": "lost", "loss": "lost",
}

// stageOf reads a stage name in any of the known spellings.
func stageOf(s string) (string, bool) {
	st, ok := stageSynonyms[normalizeHeader(s)]
	return st, ok
}

// statusSynonyms map account statuses of other systems to kam's.
var statusSynonyms = map[string]kam.AccountStatus{
	"prospect": kam.StatusProspect, "lead": kam.StatusProspect, "onboarding": kam.StatusOnboarding,
	"active": kam.StatusActive, "customer": kam.StatusActive, "atrisk": kam.StatusAtRisk,
	"lost": kam.StatusLost, "churned": kam.StatusLost, "inactive": kam.StatusLost, "former": kam.StatusLost,
}
