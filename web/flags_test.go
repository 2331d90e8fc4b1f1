package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestFlagsPage checks the flags page: who sees which flags, the filters,
// and acknowledging, resolving and dismissing, with and without a reason.
func TestFlagsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		x := newSite(t, s)
		x.page(t, "am3", "/flags", 200, []string{"Nothing has changed that needs a look.", `href="/flags"`}, nil)

		drop := x.raise(t, x.target, insight.Flag{Kind: insight.VolumeDrop, Severity: insight.SeverityHigh,
			Evidence: "orders of <i>Pressure sensor</i> fell by 61%"})
		late := x.raise(t, x.returns, insight.Flag{Kind: insight.PaymentsLater, Severity: insight.SeverityLow, Evidence: "paying 12 days later"})
		targetLink := fmt.Sprintf(`<a href="/accounts/%d">Nordic &lt;b&gt;Foods&lt;/b&gt;</a>`, x.target.ID)

		body := x.page(t, "am1", "/flags", 200, []string{
			"Volume drop", "Paying later", targetLink, "Orders of &lt;i&gt;Pressure sensor&lt;/i&gt; fell by 61%",
			`<span class="badge severity-high">High</span>`, fmt.Sprintf(`action="/flags/%d/state"`, drop.ID), "2 flags",
		}, []string{"<i>Pressure", "<b>Foods"})
		if i, j := strings.Index(body, "Volume drop"), strings.Index(body, "Paying later"); i < 0 || j < i {
			t.Errorf("the high flag is not listed first")
		}
		x.page(t, "am2", "/flags", 200, []string{"Nothing has changed"}, []string{"Nordic"})
		x.page(t, "am1", "/flags?kind=volume_drop", 200, []string{"Volume drop", "1 flag<"}, []string{`nowrap">Paying later`})
		x.page(t, "am1", "/flags?severity=low", 200, []string{`nowrap">Paying later`}, []string{`nowrap">Volume drop`})
		x.page(t, "am1", "/flags?kind=price_erosion", 200, []string{"No flags match.", "Clear the filters"}, nil)
		x.page(t, "am1", "/flags?kind=%3Cscript%3E", 400, []string{"There is no kind of flag &#34;&lt;script&gt;&#34;"}, []string{"<script>"})
		x.page(t, "am1", "/flags?done=%3Cb%3E", 200, nil, []string{`class="notice"`})

		state := fmt.Sprintf("/flags/%d/state", drop.ID)
		// Acknowledge, returning to the filtered list.
		w := x.send("am1", "POST", state, url.Values{"state": {"acknowledged"}, "back": {"kind=volume_drop"}})
		if w.Code != 303 || w.Header().Get("Location") != "/flags?done=acknowledged&kind=volume_drop" {
			t.Fatalf("acknowledge: %d %q", w.Code, w.Header().Get("Location"))
		}
		if st, _ := x.flagState(t, drop.ID); st != "acknowledged" {
			t.Errorf("state after acknowledging: %s", st)
		}
		x.page(t, "am1", "/flags?done=acknowledged&kind=volume_drop", 200, []string{"Flag acknowledged", "Acknowledged", "Dismiss"},
			[]string{`value="acknowledged"`})

		// A dismissal needs a reason; the form opens again with the message.
		w = x.send("am1", "POST", state, url.Values{"state": {"dismissed"}, "reason": {""}})
		checkBody(t, "dismiss without reason", w, 400, []string{`role="alert">Say why the flag does not matter`,
			`class="field-error"`, fmt.Sprintf(`id="flag-%d" class="has-error"`, drop.ID), `aria-invalid="true"`}, nil)
		if st, _ := x.flagState(t, drop.ID); st != "acknowledged" {
			t.Errorf("state after a dismissal without reason: %s", st)
		}
		// Nobody but those who may change the account may change its flags.
		checkBody(t, "another's flag", x.send("am2", "POST", state, url.Values{"state": {"resolved"}}), 404, []string{"not found"}, nil)
		checkBody(t, "viewer", x.send("viewer", "POST", state, url.Values{"state": {"resolved"}}), 403, []string{"may view"}, nil)
		checkBody(t, "reopen", x.send("am1", "POST", state, url.Values{"state": {"open"}}), 400, []string{"can be acknowledged, resolved or dismissed"}, nil)
		checkBody(t, "no such flag", x.send("am1", "POST", "/flags/999999/state", url.Values{"state": {"resolved"}}), 404, nil, nil)
		x.page(t, "viewer", "/flags", 200, []string{"Volume drop"}, []string{"Dismiss"})

		w = x.send("am1", "POST", state, url.Values{"state": {"dismissed"}, "reason": {"a <b>planned</b> plant shutdown"}, "back": {"x=//evil.example"}})
		if w.Code != 303 || w.Header().Get("Location") != "/flags?done=dismissed" {
			t.Fatalf("dismiss: %d %q", w.Code, w.Header().Get("Location"))
		}
		if st, reason := x.flagState(t, drop.ID); st != "dismissed" || reason != "a <b>planned</b> plant shutdown" {
			t.Errorf("after dismissing: %s %q", st, reason)
		}
		x.page(t, "am1", "/flags?done=dismissed", 200, []string{"Flag dismissed", `nowrap">Paying later`, "1 flag<"}, []string{`nowrap">Volume drop`})

		w = x.send("am1", "POST", fmt.Sprintf("/flags/%d/state", late.ID), url.Values{"state": {"resolved"}})
		if st, _ := x.flagState(t, late.ID); w.Code != 303 || st != "resolved" {
			t.Errorf("resolve: %d, %s", w.Code, st)
		}
		x.page(t, "am1", "/flags", 200, []string{"Nothing has changed that needs a look."}, nil)
	})
}

// TestFlagsPageShowsMore lists the first 100 flags and adds a hundred at a
// time on request.
func TestFlagsPageShowsMore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		x := newSite(t, s)
		var flags []insight.Flag
		for i := range 130 {
			flags = append(flags, insight.Flag{Kind: insight.StoppedProduct, Severity: insight.SeverityMedium,
				Cause: fmt.Sprintf("product-%03d", i), Evidence: fmt.Sprintf("product %03d not bought", i)})
		}
		if _, _, err := s.SyncFlags(context.Background(), x.target.ID, flags); err != nil {
			t.Fatal(err)
		}
		body := x.page(t, "am1", "/flags", 200, []string{"100+ flags", `<a href="/flags?show=200">Show 100 more</a>`}, nil)
		if n := strings.Count(body, `<tr id="flag-`); n != 100 {
			t.Errorf("%d rows, want 100", n)
		}
		body = x.page(t, "am1", "/flags?show=200", 200, []string{"130 flags"}, []string{"Show 100 more"})
		if n := strings.Count(body, `<tr id="flag-`); n != 130 {
			t.Errorf("%d rows, want 130", n)
		}
		x.page(t, "am1", "/flags?show=5", 400, []string{"Show takes a number of flags from 100 to 1000"}, nil)
	})
}
