package browser_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestForecastsChart reads the director's forecasts and targets: the chart
// has a bar group per account manager of the table, in the same order, and
// a bar group that has the keyboard focus shows its figures, the words of
// its title, in the chart's head; Tab moves to the next.
func TestForecastsChart(t *testing.T) {
	ctx := newPage(t)
	// A headless tab is not the focused window unless told, and :focus,
	// which shows a bar's figures, only matches in a focused one.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	login(t, ctx, "director")
	open(t, ctx, "/forecasts")

	people := texts(t, ctx, `section[aria-labelledby="fc-people"] tbody th`)
	bars := texts(t, ctx, ".fc-bars .fc-group .fc-name")
	if len(people) == 0 {
		t.Fatalf("the director's page lists no account manager: %.300s", text(t, ctx, "main"))
	}
	if len(bars) != len(people) {
		t.Fatalf("the chart has %d bar groups %q for %d account managers in the table %q", len(bars), bars, len(people), people)
	}
	for i, name := range bars {
		if !strings.HasPrefix(people[i], strings.TrimSuffix(name, "…")) {
			t.Errorf("bar group %d is %q, the table's row %d is %q", i+1, name, i+1, people[i])
		}
	}

	// group(i) is the i-th bar group, from 0; shown says whether an
	// element is displayed and takes room.
	group := func(i int) string { return `document.querySelectorAll(".fc-bars .fc-group")[` + strconv.Itoa(i) + `]` }
	shown := func(elem string) bool {
		return eval[bool](t, ctx, `(e => getComputedStyle(e).display !== "none" && e.getBBox().height > 0)(`+elem+`)`)
	}
	readout := func(i int) string { return group(i) + `.querySelector(".fc-readout")` }
	idle := `document.querySelector(".fc-idle")`
	if shown(readout(0)) {
		t.Error("a bar group's figures show before it is hovered or focused")
	}
	if !shown(idle) {
		t.Error("the chart's summary does not show while no bar group is chosen")
	}
	eval[any](t, ctx, group(0)+`.focus()`)
	if !eval[bool](t, ctx, `document.activeElement === `+group(0)) {
		t.Fatalf("the focus is on %q, not the first bar group", eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	if !shown(readout(0)) {
		t.Fatal("the focused bar group's figures do not show")
	}
	if shown(idle) {
		t.Error("the chart's summary still shows beside the focused bar group's figures")
	}
	words := func(js string) string { return strings.Join(strings.Fields(eval[string](t, ctx, js)), " ") }
	title, figures := words(group(0)+`.querySelector("title").textContent`), words(readout(0)+`.textContent`)
	if figures != title || !strings.Contains(title, bars[0]) || !strings.Contains(title, "target") {
		t.Errorf("the focused bar group shows %q; its title is %q", figures, title)
	}

	press(t, ctx, "\t")
	if !eval[bool](t, ctx, `document.activeElement === `+group(1)) || !shown(readout(1)) {
		t.Error("Tab from the first bar group does not show the second's figures")
	}
	if shown(readout(0)) {
		t.Error("the first bar group's figures still show after Tab")
	}
}

// TestForecastsOnPhone looks at the director's forecasts on a phone: nothing
// wider than the screen, the top bar reachable.
func TestForecastsOnPhone(t *testing.T) {
	ctx := newPage(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	login(t, ctx, "director")
	open(t, ctx, "/forecasts")
	checkPhoneLayout(t, ctx)
	// The table fits too, without scrolling sideways in its frame.
	if w := eval[[]int](t, ctx, `(w => [w.scrollWidth, w.clientWidth])(document.querySelector("section[aria-labelledby=fc-people] .table-wrap"))`); w[0] > w[1]+1 {
		t.Errorf("the account managers' table is %d px wide in a %d px frame", w[0], w[1])
	}
}
