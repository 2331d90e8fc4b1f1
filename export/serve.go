package export

import (
	"fmt"
	"net/http"
	"time"

	"github.com/kamhq/kam"
)

// Serve streams an export as a download. An error before the first byte
// (bad kind or format, no access) is returned for the caller to answer; once
// the file has started, an error can only cut it short, and is returned too
// so that it is logged.
func Serve(w http.ResponseWriter, r *http.Request, src Source, p *kam.Principal, o Options) (started bool, err error) {
	if err := o.Check(); err != nil {
		return false, err
	}
	today := kam.DateOf(time.Now().UTC())
	w.Header().Set("Content-Type", ContentType(o.Format))
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, FileName(o.Kind, o.Format, today)))
	w.Header().Set("Cache-Control", "no-store")
	sw := &startWriter{w: w}
	// A large export takes longer than the server's write timeout allows a page.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(30 * time.Minute))
	_, err = Write(r.Context(), src, p, o, sw)
	if err != nil && !sw.started {
		// Nothing went out: the caller answers with an error instead.
		for _, h := range []string{"Content-Type", "Content-Disposition", "Cache-Control"} {
			w.Header().Del(h)
		}
	}
	return sw.started, err
}

// startWriter notes whether anything was written yet.
type startWriter struct {
	w       http.ResponseWriter
	started bool
}

func (s *startWriter) Write(b []byte) (int, error) {
	s.started = true
	return s.w.Write(b)
}
