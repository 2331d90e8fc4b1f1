package browser_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCampaignAndLateStep: an administrator opens the demo's campaign,
// sees its progress by account manager, moves an account's item on from
// the campaign page, then completes the demo's late onboarding step, which
// leaves the list of late onboardings. The campaign page fits a phone.
func TestCampaignAndLateStep(t *testing.T) {
	ctx := newPage(t)
	login(t, ctx, "admin")
	open(t, ctx, "/campaigns")
	if status := follow(t, ctx, ".camp-list td.name a"); status != 200 {
		t.Fatalf("open the campaign: status %d", status)
	}
	campaign := currentPath(t, ctx)
	if n := count(t, ctx, ".camp-progress tbody tr"); n == 0 {
		t.Fatalf("no progress by account manager on %s", campaign)
	}
	// Move the first item still to present on.
	form := eval[string](t, ctx, `(() => {
		const s = Array.from(document.querySelectorAll(".camp-item-form select")).find(s => s.value === "to_present");
		if (!s) return "";
		s.value = "interested";
		return s.closest("li").id;
	})()`)
	if form == "" {
		t.Fatalf("no item to present on %s", campaign)
	}
	if status := follow(t, ctx, "#"+form+" .camp-item-form button[type=submit]"); status != 200 {
		t.Fatalf("save the item: status %d", status)
	}
	if got := eval[string](t, ctx, `document.querySelector("#`+form+` select").value`); got != "interested" {
		t.Errorf("after saving, the item is %q", got)
	}

	// The late step: done from its onboarding's page.
	open(t, ctx, "/onboarding?show=late")
	if n := count(t, ctx, ".onb-list tbody tr"); n != 1 {
		t.Fatalf("%d late onboardings in the demo, want 1", n)
	}
	if status := follow(t, ctx, ".onb-list td.name a"); status != 200 {
		t.Fatalf("open the onboarding: status %d", status)
	}
	if status := follow(t, ctx, "tr.step-late form button[type=submit]"); status != 200 {
		t.Fatalf("complete the late step: status %d", status)
	}
	if got := text(t, ctx, "p.notice"); got != "Step done." || count(t, ctx, "tr.step-late") != 0 {
		t.Errorf("after the late step: notice %q, %d late steps", got, count(t, ctx, "tr.step-late"))
	}
	open(t, ctx, "/onboarding?show=late")
	if n := count(t, ctx, ".onb-list tbody tr"); n != 0 || !strings.Contains(text(t, ctx, "main"), "No onboardings") {
		t.Errorf("%d late onboardings left", n)
	}

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, campaign)
	checkPhoneLayout(t, ctx)
}
