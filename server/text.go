package server

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/web"
)

// refuseBadText refuses, through failure, a request whose query string or
// form holds text no one types: bytes that are not UTF-8, or the NUL
// character. PostgreSQL cannot store or compare either, and they serve only
// to probe; refusing them here, once, keeps every filter, search and form
// from answering them with a 500. (JSON bodies are checked as they are
// decoded, in package api.)
func refuseBadText(next http.Handler, failure func(http.ResponseWriter, *http.Request, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkText(r.URL.Query()); err != nil {
			failure(w, r, err)
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" && r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, web.MaxFormBytes)
			if err := r.ParseForm(); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					failure(w, r, kam.Errorf(kam.ETOOLARGE, "The form is larger than %d KB.", web.MaxFormBytes>>10))
				} else {
					failure(w, r, kam.Errorf(kam.EINVALID, "The form could not be read: %v.", err))
				}
				return
			}
			if err := checkText(r.PostForm); err != nil {
				failure(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// checkText returns an EINVALID error naming the first value that is not
// UTF-8 or holds a NUL.
func checkText(values url.Values) error {
	for name, list := range values {
		if !utf8.ValidString(name) || strings.ContainsRune(name, 0) {
			return kam.Errorf(kam.EINVALID, "A parameter name is not valid text.")
		}
		for _, v := range list {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return kam.FieldError(name, "The value of %s is not valid text (UTF-8 without NUL characters).", name)
			}
		}
	}
	return nil
}
