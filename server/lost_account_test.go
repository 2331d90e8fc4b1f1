package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestLostAccountPages: once an account is lost, its approved discount
// shows under "Ended with the account's loss" on its page, and its open
// tasks stay on their owner's My day, marked "account lost".
func TestLostAccountPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		am1 := f.login(t, "am1")
		p, err := s.PrincipalFor(ctx, f.am1.ID)
		must(t, err)
		today := kam.DateOf(s.Now())
		request := &kam.DiscountRequest{AccountID: f.group.ID, Kind: "loyalty", DepthBP: 500, StartsOn: today, EndsOn: today.AddDays(60), Reason: "Renewal"}
		must(t, s.CreateDiscountRequest(ctx, p, request))
		_, err = s.DecideDiscount(ctx, kam.System(), request.ID, kam.DiscountDecision{Version: request.Version, Action: "approve"})
		must(t, err)
		must(t, s.CreateTask(ctx, p, &kam.Task{AccountID: f.group.ID, AssigneeID: f.am1.ID, Title: "Send quote", Due: today}))
		must(t, s.CreateTask(ctx, p, &kam.Task{AccountID: f.sub.ID, AssigneeID: f.am1.ID, Title: "Book the visit", Due: today}))
		page := fmt.Sprintf("/accounts/%d", f.group.ID)
		if body := wantPage(t, f.do(t, "GET", page, cookie(am1)), 200, "5% loyalty"); strings.Contains(body, "Ended with the account") {
			t.Errorf("a live account's discount shows as ended")
		}
		if body := wantPage(t, f.do(t, "GET", "/", cookie(am1)), 200, "Send quote"); strings.Contains(body, "account lost") {
			t.Errorf("My day marks a live account's task as lost")
		}

		acc, err := s.FindAccountByID(ctx, p, f.group.ID)
		must(t, err)
		_, err = s.MarkLost(ctx, p, f.group.ID, kam.LossInput{Version: acc.Version, Reason: "Price"})
		must(t, err)
		wantPage(t, f.do(t, "GET", page, cookie(am1)), 200, "Ended with the account's loss", "5% loyalty")
		day := wantPage(t, f.do(t, "GET", "/", cookie(am1)), 200, "Book the visit",
			fmt.Sprintf(`Send quote</span><div class="sub"><a href="/accounts/%d">Nordic Foods Group</a> <span class="badge status-lost">account lost</span>`, f.group.ID))
		if strings.Contains(day, `Nordic Foods Sverige</a> <span class="badge status-lost">`) {
			t.Errorf("My day marks a live account's task as lost")
		}
	})
}
