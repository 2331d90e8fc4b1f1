package api

import (
	"net/url"
	"slices"
	"sort"
	"strconv"

	"github.com/kamhq/kam"
)

// params reads a request's query parameters and keeps the first error, which
// names the parameter at fault. A parameter that is not known, or is given
// twice, is an error too: a misspelt filter must not silently widen a list.
type params struct {
	v   url.Values
	err error
}

// newParams checks that every parameter in v is one of known and appears once.
func newParams(v url.Values, known ...string) *params {
	p := &params{v: v}
	names := make([]string, 0, len(v))
	for name := range v {
		names = append(names, name)
	}
	sort.Strings(names) // report the same parameter every time
	for _, name := range names {
		switch {
		case !slices.Contains(known, name):
			p.fail(kam.FieldError(name, "Unknown parameter %q; the known ones are %v.", name, known))
		case len(v[name]) > 1:
			p.fail(kam.FieldError(name, "Give the parameter %s once.", name))
		}
	}
	return p
}

func (p *params) fail(err *kam.Error) {
	if p.err == nil {
		p.err = err
	}
}

// str returns a parameter's text, "" when absent.
func (p *params) str(name string) string { return p.v.Get(name) }

// id returns a positive integer id, 0 when absent.
func (p *params) id(name string) int64 {
	s := p.v.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		p.fail(kam.FieldError(name, "%s must be a positive whole number, not %q.", name, s))
		return 0
	}
	return n
}

// boolean returns true for "true", false for "false" or absence.
func (p *params) boolean(name string) bool {
	switch s := p.v.Get(name); s {
	case "", "false":
		return false
	case "true":
		return true
	default:
		p.fail(kam.FieldError(name, "%s must be true or false, not %q.", name, s))
		return false
	}
}

// intIn returns a whole number in [lo, hi], def when absent.
func (p *params) intIn(name string, def, lo, hi int) int {
	s := p.v.Get(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		p.fail(kam.FieldError(name, "%s must be a whole number from %d to %d, not %q.", name, lo, hi, s))
		return def
	}
	return n
}

// oneOf returns a parameter that must be one of allowed, "" when absent.
func (p *params) oneOf(name string, allowed []string) string {
	s := p.v.Get(name)
	if s != "" && !slices.Contains(allowed, s) {
		p.fail(kam.FieldError(name, "%s must be one of %v, not %q.", name, allowed, s))
		return ""
	}
	return s
}
