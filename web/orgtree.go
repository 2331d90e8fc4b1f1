package web

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// orgTree is the org tree in tree order (each unit followed by the units
// below it), for the org page, the org unit selects, unit names, and the
// teams of the forecasts page.
type orgTree struct {
	units []*kam.OrgUnit
	depth map[int64]int
	byID  map[int64]*kam.OrgUnit
}

// loadOrgTree reads the org tree. Siblings keep the order they were created in.
func (a *App) loadOrgTree(ctx context.Context) (*orgTree, error) {
	all, err := a.st.FindOrgUnits(ctx)
	if err != nil {
		return nil, err
	}
	t := &orgTree{depth: map[int64]int{}, byID: map[int64]*kam.OrgUnit{}}
	children := map[int64][]*kam.OrgUnit{}
	for _, u := range all {
		t.byID[u.ID] = u
	}
	var roots []*kam.OrgUnit
	for _, u := range all {
		if _, ok := t.byID[u.ParentID]; ok && u.ParentID != u.ID {
			children[u.ParentID] = append(children[u.ParentID], u)
		} else {
			roots = append(roots, u)
		}
	}
	var walk func(u *kam.OrgUnit, depth int)
	walk = func(u *kam.OrgUnit, depth int) {
		if _, seen := t.depth[u.ID]; seen {
			return // a loop in the tree: list each unit once
		}
		t.depth[u.ID] = depth
		t.units = append(t.units, u)
		for _, c := range children[u.ID] {
			walk(c, depth+1)
		}
	}
	for _, u := range roots {
		walk(u, 0)
	}
	return t, nil
}

// name is a unit's name, "" for none.
func (t *orgTree) name(id int64) string {
	if u := t.byID[id]; u != nil {
		return u.Name
	}
	return ""
}

// options are the units for a select, indented by depth.
func (t *orgTree) options(selected int64) []option {
	out := make([]option, len(t.units))
	for i, u := range t.units {
		out[i] = option{Value: strconv.FormatInt(u.ID, 10), Selected: u.ID == selected,
			Label: strings.Repeat("\u00a0\u00a0", t.depth[u.ID]) + u.Name}
	}
	return out
}

// path is the units from the root down to id; nil for 0. A cycle, which
// the tree should never hold, ends the walk.
func (t *orgTree) path(id int64) []int64 {
	var up []int64
	for id != 0 && !slices.Contains(up, id) {
		up = append(up, id)
		u := t.byID[id]
		if u == nil {
			break
		}
		id = u.ParentID
	}
	slices.Reverse(up)
	return up
}

// commonAncestor is the deepest unit that holds all of ids; 0 when they
// share none or there are none.
func (t *orgTree) commonAncestor(ids []int64) int64 {
	var common []int64
	for i, id := range ids {
		p := t.path(id)
		if i == 0 {
			common = p
			continue
		}
		n := 0
		for n < len(common) && n < len(p) && common[n] == p[n] {
			n++
		}
		common = common[:n]
	}
	if len(common) == 0 {
		return 0
	}
	return common[len(common)-1]
}

// below is the unit just under top on the way down to id: id's team. It
// is top itself for someone who sits there, and id's root when top is 0.
func (t *orgTree) below(top, id int64) int64 {
	p := t.path(id)
	if len(p) == 0 {
		return 0
	}
	i := slices.Index(p, top)
	if i < 0 || i == len(p)-1 {
		if i < 0 {
			return p[0]
		}
		return top
	}
	return p[i+1]
}
