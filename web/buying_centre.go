package web

import (
	"slices"

	"github.com/kamhq/kam"
)

// The buying centre of an account: its contacts drawn as the tree of their
// reporting lines, each with buying role and relationship strength, and the
// roles our relationships cover well, thinly or not at all.

// strongRelationship is the strength (of 5) from which a relationship
// counts as one we can rely on.
const strongRelationship = 3

// buyingCentre is the data of the relationship map.
type buyingCentre struct {
	// Roots are the contacts who report to no one at the account (or to
	// someone not recorded), each with the people below them.
	Roots []*contactNode
	// Coverage says, for each role that matters to a sale, how well we
	// know the people in it.
	Coverage []roleCoverage
	// Gaps counts the roles with no strong relationship.
	Gaps int
	// Blockers are current contacts known to work against us.
	Blockers []*kam.Contact
}

// contactNode is a contact with those who report to them.
type contactNode struct {
	*kam.Contact
	Reports []*contactNode
}

// roleCoverage is how well one buying role is covered.
type roleCoverage struct {
	Role kam.BuyingRole
	// State is "strong" (someone at strength 3 or more), "weak" (people,
	// but no strong relationship) or "gap" (no one in the role).
	State  string
	People []string
}

// coveredRoles are the roles a buying centre should have covered, in order.
var coveredRoles = []kam.BuyingRole{kam.BuyingDecisionMaker, kam.BuyingInfluencer, kam.BuyingChampion, kam.BuyingUser, kam.BuyingGatekeeper}

// newBuyingCentre maps the current contacts of an account; those who left
// are not part of it. It returns nil when there is no current contact.
func newBuyingCentre(contacts []*kam.Contact) *buyingCentre {
	nodes := map[int64]*contactNode{}
	var current []*kam.Contact
	for _, c := range contacts {
		if !c.LeftCompany {
			current = append(current, c)
			nodes[c.ID] = &contactNode{Contact: c}
		}
	}
	if len(current) == 0 {
		return nil
	}
	b := &buyingCentre{}
	for _, c := range current {
		n := nodes[c.ID]
		boss := nodes[c.ReportsTo]
		// A line that loops back (A reports to B reports to A) is drawn
		// from the first of its people met, not followed for ever.
		if boss != nil && c.ReportsTo != c.ID && !reportsTo(nodes, c.ReportsTo, c.ID) {
			boss.Reports = append(boss.Reports, n)
		} else {
			b.Roots = append(b.Roots, n)
		}
		if c.BuyingRole == kam.BuyingBlocker {
			b.Blockers = append(b.Blockers, c)
		}
	}
	for _, role := range coveredRoles {
		rc := roleCoverage{Role: role, State: "gap"}
		for _, c := range current {
			if c.BuyingRole != role {
				continue
			}
			rc.People = append(rc.People, c.FullName())
			if c.Strength >= strongRelationship {
				rc.State = "strong"
			} else if rc.State == "gap" {
				rc.State = "weak"
			}
		}
		if rc.State != "strong" {
			b.Gaps++
		}
		b.Coverage = append(b.Coverage, rc)
	}
	return b
}

// reportsTo reports whether the contact from reports, directly or through
// others, to the contact to; it stops at a loop.
func reportsTo(nodes map[int64]*contactNode, from, to int64) bool {
	var seen []int64
	for id := from; id != 0 && !slices.Contains(seen, id); {
		if id == to {
			return true
		}
		seen = append(seen, id)
		n := nodes[id]
		if n == nil {
			return false
		}
		id = n.ReportsTo
	}
	return false
}
