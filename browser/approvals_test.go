package browser_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestApprovalRoundTrip: an account manager requests a discount from an
// account's page, the director (their manager) finds it waiting on My day
// and approves it, and the account manager sees it approved on the request
// and on the account.
func TestApprovalRoundTrip(t *testing.T) {
	am := newPage(t)
	login(t, am, "am3")
	open(t, am, "/")
	follow(t, am, ".queue-row:has(.queue-log) .queue-name")
	accountPath := currentPath(t, am)
	click(t, am, "details.new-approval summary")
	reason := "Loyalty discount to renew <b>before</b> year end"
	eval[bool](t, am, `(document.getElementById("na-depth").value = "7.5",
		document.getElementById("na-kind").value = "loyalty",
		document.getElementById("na-reason").value = `+jsString(reason)+`) !== null`)
	if status := follow(t, am, `#approvals .approval-form button[type=submit]`); status != 200 {
		t.Fatalf("requesting the discount: status %d: %.300s", status, text(t, am, "body"))
	}
	request, _, _ := strings.Cut(currentPath(t, am), "?")
	if got := text(t, am, "h1"); got != "7.5% loyalty discount" || !strings.HasPrefix(request, "/approvals/") {
		t.Fatalf("after requesting, the page is %q at %s", got, request)
	}
	if got := text(t, am, "#approval-decider"); !strings.Contains(got, "Helena Brandt") || !strings.Contains(got, "manager") {
		t.Errorf("who decides: %q", got)
	}
	if got := text(t, am, ".approval-reason"); got != reason {
		t.Errorf("the reason shows as %q", got)
	}

	dir := newPage(t)
	login(t, dir, "director")
	if count(t, dir, `.day-approvals a[href="`+request+`"]`) != 1 {
		t.Fatalf("the director's My day does not list the request among the approvals waiting")
	}
	follow(t, dir, `.day-approvals a[href="`+request+`"]`)
	eval[bool](t, dir, `(document.getElementById("ad-comment").value = "Fine for the renewal") !== null`)
	if status := follow(t, dir, `button[name=action][value=approve]`); status != 200 {
		t.Fatalf("approving: status %d: %.300s", status, text(t, dir, "body"))
	}
	if got := text(t, dir, "#approval-status"); got != "Approved" {
		t.Errorf("after approving, the status is %q", got)
	}
	if os.Getenv("KAM_BROWSER_SHOTS") != "" {
		keepEvidence(t, dir)
	}

	open(t, am, request)
	if status, granted := text(t, am, "#approval-status"), text(t, am, "#approval-granted"); status != "Approved" || granted != "7.5%" {
		t.Errorf("the requester sees %q, granted %q", status, granted)
	}
	if steps := texts(t, am, ".approval-steps tbody tr td:nth-child(3)"); strings.Join(steps, ",") != "Request,Approve" {
		t.Errorf("steps %q", steps)
	}
	open(t, am, accountPath)
	if count(t, am, `#approvals a[href="`+request+`"]`) != 1 || !strings.Contains(text(t, am, "#approvals"), "Approved") {
		t.Errorf("the account page does not show the approved discount: %q", text(t, am, "#approvals"))
	}
}

// TestApprovalPagesAtPhoneWidth: the approvals list and a request's page
// fit a phone's screen.
func TestApprovalPagesAtPhoneWidth(t *testing.T) {
	ctx := newPage(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	login(t, ctx, "admin")
	open(t, ctx, "/approvals?view=all")
	checkPhoneLayout(t, ctx)
	if count(t, ctx, ".approval-list tbody a[href^='/approvals/']") == 0 {
		t.Fatal("the demo has no discount requests")
	}
	follow(t, ctx, ".approval-list tbody a[href^='/approvals/']")
	checkPhoneLayout(t, ctx)
}
