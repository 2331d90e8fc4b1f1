package web

import (
	"testing"

	"github.com/kamhq/kam"
)

func TestBuyingCentre(t *testing.T) {
	ceo := &kam.Contact{ID: 1, FirstName: "Ada", LastName: "Chief", BuyingRole: kam.BuyingDecisionMaker, Strength: 2}
	cfo := &kam.Contact{ID: 2, FirstName: "Ben", LastName: "Money", ReportsTo: 1, BuyingRole: kam.BuyingInfluencer, Strength: 4}
	buyer := &kam.Contact{ID: 3, FirstName: "Cy", LastName: "Buyer", ReportsTo: 2, BuyingRole: kam.BuyingGatekeeper, Strength: 3}
	gone := &kam.Contact{ID: 4, FirstName: "Dee", LastName: "Gone", ReportsTo: 1, BuyingRole: kam.BuyingChampion, Strength: 5, LeftCompany: true}
	rival := &kam.Contact{ID: 5, FirstName: "Eve", LastName: "Rival", ReportsTo: 99, BuyingRole: kam.BuyingBlocker, Strength: 1}
	b := newBuyingCentre([]*kam.Contact{buyer, ceo, cfo, gone, rival})

	if len(b.Roots) != 2 || b.Roots[0].ID != 1 || b.Roots[1].ID != 5 {
		t.Fatalf("roots %v, want Ada, and Eve whose manager is not recorded", names(b.Roots))
	}
	if r := b.Roots[0].Reports; len(r) != 1 || r[0].ID != 2 || len(r[0].Reports) != 1 || r[0].Reports[0].ID != 3 {
		t.Errorf("Ada's line is not Ada > Ben > Cy (Dee left and is not drawn)")
	}
	want := map[kam.BuyingRole]string{kam.BuyingDecisionMaker: "weak", kam.BuyingInfluencer: "strong",
		kam.BuyingChampion: "gap", kam.BuyingUser: "gap", kam.BuyingGatekeeper: "strong"}
	for _, c := range b.Coverage {
		if c.State != want[c.Role] {
			t.Errorf("%s: %s, want %s", c.Role, c.State, want[c.Role])
		}
	}
	if b.Gaps != 3 {
		t.Errorf("%d gaps, want 3 (decision maker weak, no champion since Dee left, no user)", b.Gaps)
	}
	if len(b.Blockers) != 1 || b.Blockers[0].ID != 5 {
		t.Errorf("blockers %v, want Eve", b.Blockers)
	}
}

// TestBuyingCentreLoops draws reporting lines that loop without following
// them for ever: everyone in a loop is a root.
func TestBuyingCentreLoops(t *testing.T) {
	a := &kam.Contact{ID: 1, LastName: "A", ReportsTo: 2}
	b := &kam.Contact{ID: 2, LastName: "B", ReportsTo: 3}
	c := &kam.Contact{ID: 3, LastName: "C", ReportsTo: 1}
	self := &kam.Contact{ID: 4, LastName: "Self", ReportsTo: 4}
	d := &kam.Contact{ID: 5, LastName: "D", ReportsTo: 1}
	centre := newBuyingCentre([]*kam.Contact{a, b, c, self, d})
	if got := names(centre.Roots); len(got) != 4 {
		t.Fatalf("roots %v, want A, B, C and Self", got)
	}
	if r := centre.Roots[0].Reports; len(r) != 1 || r[0].ID != 5 {
		t.Errorf("D should hang below A")
	}
	if newBuyingCentre([]*kam.Contact{{ID: 9, LastName: "Left", LeftCompany: true}}) != nil {
		t.Error("an account whose contacts all left has no buying centre to draw")
	}
}

func names(nodes []*contactNode) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.FullName())
	}
	return out
}
