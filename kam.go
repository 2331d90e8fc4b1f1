// Package kam is the domain of kam, a key account management system: the types
// account teams work with (accounts, contacts, orders, opportunities, plans),
// the filters and updates the store accepts, the acting principal every read and
// write is scoped to, and the error codes that map to HTTP statuses.
//
// The package knows nothing of SQL or HTTP; the store, web and api packages do.
package kam

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the web and api packages.
const (
	EINTERNAL     = "internal"     // a bug or an unavailable dependency (500)
	EINVALID      = "invalid"      // the input is wrong; the message says what to change (400)
	ENOTFOUND     = "not_found"    // absent, or outside the principal's scope (404)
	EUNAUTHORIZED = "unauthorized" // no valid session or token (401)
	EFORBIDDEN    = "forbidden"    // in scope, but the role may not do this (403)
	ECONFLICT     = "conflict"     // a unique value is taken, or the record changed meanwhile (409)
	ENOTIMPL      = "not_implemented"
	// ESTALE: an If-Match precondition names a version that is no longer
	// the record's (412).
	ESTALE = "precondition_failed"
	// EPRECONDITION: the change needs an If-Match version and came without
	// one (428).
	EPRECONDITION = "precondition_required"
	// ETOOLARGE: the request body is over the limit (413).
	ETOOLARGE = "too_large"
	// EMEDIATYPE: the request body is not JSON (415).
	EMEDIATYPE = "unsupported_media_type"
	// EIDEMPOTENCY: an Idempotency-Key was used before with another body (422).
	EIDEMPOTENCY = "idempotency_key_reused"
	// ERATELIMIT: too many requests; Retry-After says when to try again (429).
	ERATELIMIT = "rate_limited"
)

// Error is a domain error with a stable code, a message a user can act on, and an
// optional field that names the offending input.
type Error struct {
	Code    string
	Message string
	Field   string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("kam error: code=%s field=%s message=%s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("kam error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error naming the field at fault.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any
// other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get a
// generic message so that no detail of the system leaks to a user.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorField returns the input field named by err, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
